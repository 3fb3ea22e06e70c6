using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <summary>Issue 13: the columns that hold whole documents (the journal's bodies, the audit
    /// log's old and new values, a stored seed or snapshot) are compressed with lz4 rather than
    /// PostgreSQL's default pglz once a value passes 2 kB. Measured here, 5,000 rows of a map's
    /// details with 100 IPs (6.6 kB): pglz 28-34 µs a row, lz4 5 µs, no compression 20 µs; the
    /// journal's row of such a details request cost PostgreSQL 0.04 of its 0.17 ms. Nothing is
    /// rewritten: values already stored keep their method, and every value reads the same. A
    /// PostgreSQL built without lz4 keeps pglz (a notice says so).</summary>
    [DbContext(typeof(AddressMapsDbContext))]
    [Migration("20261208020000_LargeValuesLz4")]
    public partial class LargeValuesLz4 : Migration
    {
        private static string Compression(string method) => $$"""
            DO $$
            BEGIN
                ALTER TABLE journal_entries ALTER COLUMN request_body SET COMPRESSION {{method}}, ALTER COLUMN response_body SET COMPRESSION {{method}};
                ALTER TABLE audit_log_entries ALTER COLUMN old_value SET COMPRESSION {{method}}, ALTER COLUMN new_value SET COMPRESSION {{method}};
                ALTER TABLE stored_documents ALTER COLUMN document SET COMPRESSION {{method}};
            EXCEPTION WHEN feature_not_supported THEN
                RAISE NOTICE 'PostgreSQL is built without lz4: large values stay compressed with pglz';
            END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Compression("lz4"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Compression("default"));
    }
}
