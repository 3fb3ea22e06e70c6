using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "user_id",
                table: "api_tokens",
                type: "character varying(32)",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_api_tokens_users_user_id",
                table: "api_tokens",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_api_tokens_users_user_id",
                table: "api_tokens");

            migrationBuilder.DropIndex(
                name: "ix_api_tokens_user_id",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "api_tokens");
        }
    }
}
