using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <summary>Issue 13: a writer counts its change in a row of the account that no other open
    /// transaction holds, so counting never waits. The first scheme (AddressMapVersions) counted in
    /// the row of the backend's slot, pg_backend_pid() % 64: two writers whose backends shared a
    /// slot waited for each other there, and a create with a zone membership (its map row already
    /// counted, its membership insert waiting for a PUT of that zone, which counts last) deadlocked
    /// with that PUT; PostgreSQL broke the cycle after its deadlock_timeout and the PUT answered 500
    /// (CI, the replicas check). Now the trigger takes the first of the account's rows it can lock
    /// without waiting (FOR UPDATE SKIP LOCKED; a row this transaction already holds counts as
    /// free), and only when every row is held does it add one, with a slot from a sequence that no
    /// other row has, which nothing can wait on either. An account has as many rows as it had
    /// writers counting at once, at most; the version is still their sum and greatest stamp.</summary>
    [DbContext(typeof(AddressMapsDbContext))]
    [Migration("20261207020000_AddressMapVersionsNeverWait")]
    public partial class AddressMapVersionsNeverWait : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE address_map_versions ALTER COLUMN slot TYPE bigint;
                CREATE SEQUENCE address_map_version_slots START 64; -- past the first scheme's slots

                CREATE OR REPLACE FUNCTION address_maps_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    touched text[];
                    account text;
                    free bigint;
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        -- TRUNCATE holds address_maps exclusively: no writer of it is still counting.
                        UPDATE address_map_versions SET changes = changes + 1, stamp = nextval('address_map_version_stamps');
                        RETURN NULL;
                    ELSIF TG_OP = 'INSERT' THEN
                        SELECT array_agg(DISTINCT account_id ORDER BY account_id) INTO touched FROM new_rows;
                    ELSIF TG_OP = 'DELETE' THEN
                        SELECT array_agg(DISTINCT account_id ORDER BY account_id) INTO touched FROM old_rows;
                    ELSE
                        SELECT array_agg(DISTINCT account_id ORDER BY account_id) INTO touched FROM (SELECT account_id FROM old_rows UNION SELECT account_id FROM new_rows) moved;
                    END IF;

                    IF touched IS NULL THEN
                        RETURN NULL; -- the statement wrote no row (a statement trigger fires all the same)
                    END IF;

                    FOREACH account IN ARRAY touched LOOP
                        SELECT slot INTO free FROM address_map_versions WHERE account_id = account
                        ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED;
                        IF FOUND THEN
                            UPDATE address_map_versions SET changes = changes + 1, stamp = nextval('address_map_version_stamps')
                            WHERE account_id = account AND slot = free;
                        ELSE
                            INSERT INTO address_map_versions (account_id, slot, changes, stamp)
                            VALUES (account, nextval('address_map_version_slots'), 1, nextval('address_map_version_stamps'));
                        END IF;
                    END LOOP;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                {{AddressMapVersions.SlotPerBackend}}
                -- The rows past slot 63 go into slot 0 of their account: the sums and stamps stay.
                INSERT INTO address_map_versions (account_id, slot, changes, stamp)
                SELECT account_id, 0, sum(changes), max(stamp) FROM address_map_versions WHERE slot >= 64 GROUP BY account_id
                ON CONFLICT (account_id, slot) DO UPDATE
                    SET changes = address_map_versions.changes + excluded.changes, stamp = greatest(address_map_versions.stamp, excluded.stamp);
                DELETE FROM address_map_versions WHERE slot >= 64;
                DROP SEQUENCE address_map_version_slots;
                ALTER TABLE address_map_versions ALTER COLUMN slot TYPE integer;
                """);
        }
    }
}
