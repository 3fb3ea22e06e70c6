using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AddressMaps.Api.Data.Migrations
{
    /// <summary>Every committed change of the tables the identity cache copies (accounts, users,
    /// user_accounts, api_tokens, api_token_policies), truncation included, notifies the channel
    /// addressmaps_identity once per statement (Auth/IdentityInvalidation.cs). In the database, so
    /// that no writer (the seed, the control plane, a test, psql) can forget it.</summary>
    public partial class IdentityNotifications : Migration
    {
        private static readonly string[] Tables = ["accounts", "users", "user_accounts", "api_tokens", "api_token_policies"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION addressmaps_notify_identity() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('addressmaps_identity', TG_TABLE_NAME);
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER tr_{table}_notify_identity
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION addressmaps_notify_identity();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"DROP TRIGGER tr_{table}_notify_identity ON {table};");
            }

            migrationBuilder.Sql("DROP FUNCTION addressmaps_notify_identity();");
        }
    }
}
