/** JSON as SCIM resources are: the one JSON type of the code base (resources, contracts, PATCH). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
