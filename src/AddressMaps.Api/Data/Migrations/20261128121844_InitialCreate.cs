using System;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address_maps_enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                    table.CheckConstraint("ck_accounts_id", "id ~ '^[0-9a-f]{32}$'");
                });

            migrationBuilder.CreateTable(
                name: "rate_limit_counters",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    window_start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    blocked_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rate_limit_counters", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    key_hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "address_maps",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    default_sni = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    can_delete = table.Column<bool>(type: "boolean", nullable: false),
                    can_modify_ips = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    modified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_address_maps", x => x.id);
                    table.CheckConstraint("ck_address_maps_id", "id ~ '^[0-9a-f]{32}$'");
                    table.ForeignKey(
                        name: "fk_address_maps_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prefixes",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    cidr = table.Column<IPNetwork>(type: "cidr", nullable: false),
                    approved = table.Column<bool>(type: "boolean", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    asn = table.Column<int>(type: "integer", nullable: true),
                    on_demand_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    on_demand_locked = table.Column<bool>(type: "boolean", nullable: false),
                    advertised = table.Column<bool>(type: "boolean", nullable: true),
                    advertised_modified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    delegate_loa_creation = table.Column<bool>(type: "boolean", nullable: false),
                    loa_document_id = table.Column<string>(type: "text", nullable: true),
                    irr_validation_state = table.Column<string>(type: "text", nullable: false),
                    ownership_validation_state = table.Column<string>(type: "text", nullable: false),
                    rpki_validation_state = table.Column<string>(type: "text", nullable: false),
                    ownership_validation_token = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    modified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prefixes", x => x.id);
                    table.CheckConstraint("ck_prefixes_id", "id ~ '^[0-9a-f]{32}$'");
                    table.ForeignKey(
                        name: "fk_prefixes_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "static_ips",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ip = table.Column<IPAddress>(type: "inet", nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_static_ips", x => x.id);
                    table.ForeignKey(
                        name: "fk_static_ips_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zones",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_zones", x => x.id);
                    table.CheckConstraint("ck_zones_id", "id ~ '^[0-9a-f]{32}$'");
                    table.ForeignKey(
                        name: "fk_zones_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    not_before = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    expires_on = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    user_id = table.Column<string>(type: "character varying(32)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.CheckConstraint("ck_api_tokens_status", "status IN ('active', 'disabled')");
                    table.ForeignKey(
                        name: "fk_api_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "user_accounts",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_accounts", x => new { x.user_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_user_accounts_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "address_map_ips",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    address_map_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    ip = table.Column<IPAddress>(type: "inet", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_address_map_ips", x => x.id);
                    table.ForeignKey(
                        name: "fk_address_map_ips_address_maps_address_map_id",
                        column: x => x.address_map_id,
                        principalTable: "address_maps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "address_map_memberships",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    address_map_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    kind = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    identifier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    can_delete = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_address_map_memberships", x => x.id);
                    table.CheckConstraint("ck_address_map_memberships_identifier", "identifier ~ '^[0-9a-f]{32}$'");
                    table.CheckConstraint("ck_address_map_memberships_kind", "kind IN ('zone', 'account')");
                    table.ForeignKey(
                        name: "fk_address_map_memberships_address_maps_address_map_id",
                        column: x => x.address_map_id,
                        principalTable: "address_maps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_token_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    token_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", nullable: false),
                    permission_group = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_token_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_token_policies_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_api_token_policies_api_tokens_token_id",
                        column: x => x.token_id,
                        principalTable: "api_tokens",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_address_map_ips_ip",
                table: "address_map_ips",
                column: "ip")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "inet_ops" });

            migrationBuilder.CreateIndex(
                name: "ux_address_map_ips_map_ip",
                table: "address_map_ips",
                columns: new[] { "address_map_id", "ip" },
                unique: true); // by hand: EF cannot model a unique index over IPAddress

            migrationBuilder.CreateIndex(
                name: "ix_address_map_memberships_address_map_id",
                table: "address_map_memberships",
                column: "address_map_id");

            migrationBuilder.CreateIndex(
                name: "ux_address_map_memberships_kind_identifier",
                table: "address_map_memberships",
                columns: new[] { "kind", "identifier" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_address_maps_account_id",
                table: "address_maps",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_token_policies_account_id",
                table: "api_token_policies",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_token_policies_token_id_account_id_permission_group",
                table: "api_token_policies",
                columns: new[] { "token_id", "account_id", "permission_group" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_secret_hash",
                table: "api_tokens",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_prefixes_account_id_cidr",
                table: "prefixes",
                columns: new[] { "account_id", "cidr" },
                unique: true); // by hand: EF cannot model a unique index over IPNetwork

            migrationBuilder.CreateIndex(
                name: "ix_static_ips_account_id",
                table: "static_ips",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ux_static_ips_ip",
                table: "static_ips",
                column: "ip",
                unique: true); // by hand: EF cannot model a unique index over IPAddress

            migrationBuilder.CreateIndex(
                name: "ix_user_accounts_account_id",
                table: "user_accounts",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "address_map_ips");

            migrationBuilder.DropTable(
                name: "address_map_memberships");

            migrationBuilder.DropTable(
                name: "api_token_policies");

            migrationBuilder.DropTable(
                name: "prefixes");

            migrationBuilder.DropTable(
                name: "rate_limit_counters");

            migrationBuilder.DropTable(
                name: "static_ips");

            migrationBuilder.DropTable(
                name: "user_accounts");

            migrationBuilder.DropTable(
                name: "zones");

            migrationBuilder.DropTable(
                name: "address_maps");

            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
