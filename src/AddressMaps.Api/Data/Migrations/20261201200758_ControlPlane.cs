using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ControlPlane : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_zones_account_id",
                table: "zones");

            migrationBuilder.DropIndex(
                name: "ix_zones_name",
                table: "zones");

            migrationBuilder.AddColumn<string>(
                name: "ephemeral_account_id",
                table: "users",
                type: "character varying(32)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ephemeral_account_id",
                table: "api_tokens",
                type: "character varying(32)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "accounts",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.CreateTable(
                name: "stored_documents",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    document = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    maps = table.Column<int>(type: "integer", nullable: false),
                    accounts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_documents", x => new { x.kind, x.name });
                });

            migrationBuilder.CreateIndex(
                name: "ix_zones_account_id_name",
                table: "zones",
                columns: new[] { "account_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_ephemeral_account_id",
                table: "users",
                column: "ephemeral_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_ephemeral_account_id",
                table: "api_tokens",
                column: "ephemeral_account_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_accounts_origin",
                table: "accounts",
                sql: "origin IN ('seed', 'api')");

            migrationBuilder.AddForeignKey(
                name: "fk_api_tokens_accounts_ephemeral_account_id",
                table: "api_tokens",
                column: "ephemeral_account_id",
                principalTable: "accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_users_accounts_ephemeral_account_id",
                table: "users",
                column: "ephemeral_account_id",
                principalTable: "accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_api_tokens_accounts_ephemeral_account_id",
                table: "api_tokens");

            migrationBuilder.DropForeignKey(
                name: "fk_users_accounts_ephemeral_account_id",
                table: "users");

            migrationBuilder.DropTable(
                name: "stored_documents");

            migrationBuilder.DropIndex(
                name: "ix_zones_account_id_name",
                table: "zones");

            migrationBuilder.DropIndex(
                name: "ix_users_ephemeral_account_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_api_tokens_ephemeral_account_id",
                table: "api_tokens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_accounts_origin",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "ephemeral_account_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "ephemeral_account_id",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_zones_account_id",
                table: "zones",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_zones_name",
                table: "zones",
                column: "name",
                unique: true);
        }
    }
}
