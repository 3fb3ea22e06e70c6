using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <summary>Issue 13: the SHA-256 of the seed file whose document is the seed in force, byte
    /// for byte as it was read at a start, so that the next start with the same file knows it is
    /// in force before parsing it (scripts/bench --scale: parsing, checking and digesting its
    /// 63 MB took 1.7 s of a 3.1 s warm start). Null when the seed in force came from the control
    /// plane, or from a start before this column. No entity property: start-up alone reads and
    /// writes it (Seed/WorldState.cs), by hand.</summary>
    [DbContext(typeof(AddressMapsDbContext))]
    [Migration("20261208010000_SeedFileDigest")]
    public partial class SeedFileDigest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER TABLE stored_documents ADD COLUMN file_sha256 text;");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER TABLE stored_documents DROP COLUMN file_sha256;");
    }
}
