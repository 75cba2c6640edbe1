// zlib (Debian zlib1g-dev). Only SessionScopeAttach's Inflate.swift imports this module.
#include <zlib.h>
