using System;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class PrefixDelegations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "prefix_delegations",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    prefix_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    parent_cidr = table.Column<IPNetwork>(type: "cidr", nullable: false),
                    cidr = table.Column<IPNetwork>(type: "cidr", nullable: false),
                    delegated_account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    modified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prefix_delegations", x => x.id);
                    table.CheckConstraint("ck_prefix_delegations_id", "id ~ '^[0-9a-f]{32}$'");
                    table.CheckConstraint("ck_prefix_delegations_inside_parent", "cidr <<= parent_cidr");
                    table.CheckConstraint("ck_prefix_delegations_not_to_owner", "delegated_account_id <> account_id");
                    table.ForeignKey(
                        name: "fk_prefix_delegations_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_prefix_delegations_accounts_delegated_account_id",
                        column: x => x.delegated_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_prefix_delegations_prefixes_prefix_id",
                        column: x => x.prefix_id,
                        principalTable: "prefixes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_prefix_delegations_account_id",
                table: "prefix_delegations",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_prefix_delegations_delegated_account_id",
                table: "prefix_delegations",
                column: "delegated_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_prefix_delegations_prefix_id",
                table: "prefix_delegations",
                column: "prefix_id");

            // What EF cannot say (PrefixDelegationConfiguration): parent_cidr is the parent
            // prefix's own CIDR (so the CHECK above keeps a delegation inside its prefix), and no
            // two delegations of one prefix overlap (btree_gist for the text column in the GiST index).
            migrationBuilder.Sql("""
                ALTER TABLE prefixes ADD CONSTRAINT ak_prefixes_id_cidr UNIQUE (id, cidr);
                ALTER TABLE prefix_delegations ADD CONSTRAINT fk_prefix_delegations_prefixes_id_cidr
                    FOREIGN KEY (prefix_id, parent_cidr) REFERENCES prefixes (id, cidr) ON DELETE CASCADE ON UPDATE CASCADE;
                CREATE EXTENSION IF NOT EXISTS btree_gist;
                ALTER TABLE prefix_delegations ADD CONSTRAINT ex_prefix_delegations_no_overlap
                    EXCLUDE USING gist (prefix_id WITH =, cidr inet_ops WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prefix_delegations");

            migrationBuilder.Sql("ALTER TABLE prefixes DROP CONSTRAINT ak_prefixes_id_cidr;");
        }
    }
}
