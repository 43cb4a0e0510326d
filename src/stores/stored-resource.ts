/** The columns every SCIM resource table shares (scim_users, scim_groups). */
export interface ResourceRow<A> {
  id: string;
  attributes: A;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A resource as the SCIM layer and the workflow contracts see it: JSON-safe, times as ISO strings. */
export interface StoredResource<A> {
  id: string;
  attributes: A;
  version: number;
  created: string;
  lastModified: string;
}

export function rowToStoredResource<A>(row: ResourceRow<A>): StoredResource<A> {
  return {
    id: row.id,
    attributes: row.attributes,
    version: row.version,
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
  };
}
