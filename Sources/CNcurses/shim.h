// ncursesw (Debian libncurses-dev) with wide-character functions. Only CursesTerminal.swift
// imports this module.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>
