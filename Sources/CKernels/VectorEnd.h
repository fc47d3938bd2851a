// Private: undoes Vector.h after one instantiation of a body.
#undef T
#undef TI
#undef BN_TYPE_NAME
#undef NAME
#undef W
#undef V
#undef VI
#undef MADD
#undef LOAD
#undef STORE
#undef SELECT
#undef ABS
#undef SPLAT
#undef LOAD_PART
#undef STORE_PART
#undef BN_DOUBLE
