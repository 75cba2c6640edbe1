// hiredis (Debian libhiredis-dev). Only RedisConnection.swift imports this module.
#include <hiredis/hiredis.h>
