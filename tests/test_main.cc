// Catch2 entry point for the whole suite (Catch2 v2.13 from Debian ships no Catch2WithMain).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
