using System;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ObserveAndBreak : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    action_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    actor_ip = table.Column<IPAddress>(type: "inet", nullable: false),
                    actor_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    @interface = table.Column<string>(name: "interface", type: "character varying(16)", maxLength: 16, nullable: false),
                    operation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    cf_ray = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    old_value = table.Column<string>(type: "text", nullable: true),
                    new_value = table.Column<string>(type: "text", nullable: true),
                    resource_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    resource_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    when = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log_entries", x => x.id);
                    table.CheckConstraint("ck_audit_log_entries_action_type", "action_type IN ('create', 'update', 'delete')");
                    table.ForeignKey(
                        name: "fk_audit_log_entries_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "emulator_clock",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    offset_ms = table.Column<long>(type: "bigint", nullable: false),
                    frozen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_emulator_clock", x => x.id);
                    table.CheckConstraint("ck_emulator_clock_one_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "fault_rules",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    match_method = table.Column<string>(type: "text", nullable: true),
                    match_path = table.Column<string>(type: "text", nullable: true),
                    match_operation = table.Column<string>(type: "text", nullable: true),
                    match_account_id = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: true),
                    code = table.Column<int>(type: "integer", nullable: true),
                    message = table.Column<string>(type: "text", nullable: true),
                    retry_after = table.Column<int>(type: "integer", nullable: true),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    abort = table.Column<bool>(type: "boolean", nullable: false),
                    after = table.Column<bool>(type: "boolean", nullable: false),
                    probability = table.Column<double>(type: "double precision", nullable: false),
                    seed = table.Column<long>(type: "bigint", nullable: false),
                    remaining = table.Column<int>(type: "integer", nullable: true),
                    evaluations = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fault_rules", x => x.id);
                    table.CheckConstraint("ck_fault_rules_probability", "probability >= 0 AND probability <= 1");
                });

            migrationBuilder.CreateTable(
                name: "journal_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ray = table.Column<string>(type: "text", nullable: false),
                    time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    path = table.Column<string>(type: "text", nullable: false),
                    query = table.Column<string>(type: "text", nullable: true),
                    operation = table.Column<string>(type: "text", nullable: true),
                    account_id = table.Column<string>(type: "text", nullable: true),
                    identity_kind = table.Column<string>(type: "text", nullable: true),
                    identity_id = table.Column<string>(type: "text", nullable: true),
                    identity_email = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    error_codes = table.Column<int[]>(type: "integer[]", nullable: false),
                    duration_ms = table.Column<double>(type: "double precision", nullable: false),
                    request_body = table.Column<string>(type: "text", nullable: true),
                    request_truncated = table.Column<bool>(type: "boolean", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    response_truncated = table.Column<bool>(type: "boolean", nullable: false),
                    fault = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entries_account_id_when",
                table: "audit_log_entries",
                columns: new[] { "account_id", "when" });

            migrationBuilder.CreateIndex(
                name: "ix_journal_entries_account_id",
                table: "journal_entries",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_journal_entries_time",
                table: "journal_entries",
                column: "time");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log_entries");

            migrationBuilder.DropTable(
                name: "emulator_clock");

            migrationBuilder.DropTable(
                name: "fault_rules");

            migrationBuilder.DropTable(
                name: "journal_entries");
        }
    }
}
