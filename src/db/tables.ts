import type { Knex } from 'knex';
import type {
  AccountRow,
  AuditRow,
  DirectoryRow,
  GroupMembershipRow,
  MemberRow,
  PendingRoleResolutionRow,
  RoleMappingRow,
  ScimGroupRow,
  ScimUserRow,
  SetupLinkRow,
} from './rows';

/** A column the database fills (`now()`, `version + 1`) may be written as raw SQL. */
type Computed<T> = T | Knex.Raw;
type Timestamps = { created_at?: Computed<Date | string>; updated_at?: Computed<Date | string> };
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];
/** What an insert needs: nullable columns may be left out (they default to null). */
type Insert<T> = Omit<T, NullableKeys<T>> & Partial<Pick<T, NullableKeys<T>>>;

type MemberWrite = Omit<MemberRow, 'created_at' | 'updated_at' | 'held_at'> & { held_at: Computed<Date> | null } & Timestamps;
type DirectoryWrite = Omit<DirectoryRow, 'created_at' | 'updated_at' | 'token_issued_at' | 'connected_at' | 'frozen_at'> & {
  token_issued_at: Computed<Date> | null;
  connected_at: Computed<Date> | null;
  frozen_at: Computed<Date> | null;
} & Timestamps;
/** jsonb columns are written as JSON text (pg would turn a top-level array into a PostgreSQL array). */
type ResourceWrite<Row> = Omit<Row, 'attributes' | 'version' | 'created_at' | 'updated_at'> & {
  attributes: string;
  version?: Computed<number>;
} & Timestamps;
type AuditWrite = Omit<AuditRow, 'id' | 'created_at' | 'details' | 'outcome' | 'feed_tx'> & {
  details: Computed<string>;
  outcome: Computed<string>;
};

/**
 * knex's table types (https://knexjs.org/guide/#typescript): `db('members')` knows the row it
 * reads, what an insert needs and what an update may set, so stores need no casts.
 */
declare module 'knex/types/tables' {
  interface Tables {
    accounts: Knex.CompositeTableType<AccountRow, Pick<AccountRow, 'id' | 'name'>>;
    directories: Knex.CompositeTableType<DirectoryRow, Insert<DirectoryWrite>, Partial<DirectoryWrite>>;
    members: Knex.CompositeTableType<MemberRow, Insert<MemberWrite>, Partial<MemberWrite>>;
    role_mappings: Knex.CompositeTableType<RoleMappingRow>;
    scim_users: Knex.CompositeTableType<ScimUserRow, Insert<ResourceWrite<ScimUserRow>>, Partial<ResourceWrite<ScimUserRow>>>;
    scim_groups: Knex.CompositeTableType<ScimGroupRow, Insert<ResourceWrite<ScimGroupRow>>, Partial<ResourceWrite<ScimGroupRow>>>;
    group_memberships: Knex.CompositeTableType<GroupMembershipRow>;
    audit_log: Knex.CompositeTableType<AuditRow, Insert<AuditWrite>, Partial<AuditWrite>>;
    setup_links: Knex.CompositeTableType<SetupLinkRow, Omit<SetupLinkRow, 'created_at' | 'revoked_at'>, Pick<SetupLinkRow, 'revoked_at'>>;
    pending_role_resolutions: Knex.CompositeTableType<PendingRoleResolutionRow, Omit<PendingRoleResolutionRow, 'id'>>;
  }
}
