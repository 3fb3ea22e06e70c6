using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <summary>Issue 13: the version of an account's map rows, kept by PostgreSQL itself
    /// (Maps/ListCache.cs says how the list uses it). Every statement that inserts, updates or
    /// deletes map rows (any writer: a replica, the control plane, a seed, SQL typed by hand)
    /// counts one change for each account it touched, in a row of this backend's own slot
    /// (pg_backend_pid() % 64): concurrent writers of one account count in different rows and do
    /// not wait for each other, and the version is the sum of at most 64 rows. The counts only
    /// grow and are part of the writer's transaction, so a later snapshot with the same sum has
    /// seen no change. TRUNCATE counts a change for every account; the stamp (from a sequence,
    /// never reused) keeps the version new even if this table were emptied. The rows are never
    /// deleted with their account (no foreign key), so a recreated account continues its count.
    /// No entity: nothing but these triggers writes the table, and only the list's version reads it.</summary>
    [DbContext(typeof(AddressMapsDbContext))]
    [Migration("20261207010000_AddressMapVersions")]
    public partial class AddressMapVersions : Migration
    {
        /// <summary>The trigger's function as this migration made it (a row per backend slot);
        /// AddressMapVersionsNeverWait replaces it and puts it back on the way down.</summary>
        internal const string SlotPerBackend = """
                CREATE OR REPLACE FUNCTION address_maps_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    touched text[];
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        UPDATE address_map_versions SET changes = changes + 1, stamp = nextval('address_map_version_stamps');
                        RETURN NULL;
                    ELSIF TG_OP = 'INSERT' THEN
                        SELECT array_agg(DISTINCT account_id) INTO touched FROM new_rows;
                    ELSIF TG_OP = 'DELETE' THEN
                        SELECT array_agg(DISTINCT account_id) INTO touched FROM old_rows;
                    ELSE
                        SELECT array_agg(DISTINCT account_id) INTO touched FROM (SELECT account_id FROM old_rows UNION SELECT account_id FROM new_rows) moved;
                    END IF;

                    IF touched IS NULL THEN
                        RETURN NULL; -- the statement wrote no row (a statement trigger fires all the same)
                    END IF;

                    INSERT INTO address_map_versions (account_id, slot, changes, stamp)
                    SELECT account_id, pg_backend_pid() % 64, 1, nextval('address_map_version_stamps')
                    FROM unnest(touched) AS account_id
                    ORDER BY account_id -- one order for every writer's row locks
                    ON CONFLICT (account_id, slot) DO UPDATE SET changes = address_map_versions.changes + 1, stamp = excluded.stamp;
                    RETURN NULL;
                END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE TABLE address_map_versions (
                    account_id character varying(32) NOT NULL,
                    slot integer NOT NULL,
                    changes bigint NOT NULL,
                    stamp bigint NOT NULL,
                    CONSTRAINT pk_address_map_versions PRIMARY KEY (account_id, slot));
                CREATE SEQUENCE address_map_version_stamps;

                {{SlotPerBackend}}

                CREATE TRIGGER tr_address_maps_count_insert AFTER INSERT ON address_maps
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_maps_count_change();
                CREATE TRIGGER tr_address_maps_count_update AFTER UPDATE ON address_maps
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_maps_count_change();
                CREATE TRIGGER tr_address_maps_count_delete AFTER DELETE ON address_maps
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION address_maps_count_change();
                CREATE TRIGGER tr_address_maps_count_truncate AFTER TRUNCATE ON address_maps
                    FOR EACH STATEMENT EXECUTE FUNCTION address_maps_count_change();

                -- The accounts that already have maps start with a count of their own.
                INSERT INTO address_map_versions (account_id, slot, changes, stamp)
                SELECT account_id, 0, 1, nextval('address_map_version_stamps') FROM (SELECT DISTINCT account_id FROM address_maps) existing;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_address_maps_count_insert ON address_maps;
                DROP TRIGGER tr_address_maps_count_update ON address_maps;
                DROP TRIGGER tr_address_maps_count_delete ON address_maps;
                DROP TRIGGER tr_address_maps_count_truncate ON address_maps;
                DROP FUNCTION address_maps_count_change();
                DROP SEQUENCE address_map_version_stamps;
                DROP TABLE address_map_versions;
                """);
        }
    }
}
