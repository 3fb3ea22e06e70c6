using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeedDocumentHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "sha256",
                table: "stored_documents",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sha256",
                table: "stored_documents");
        }
    }
}
