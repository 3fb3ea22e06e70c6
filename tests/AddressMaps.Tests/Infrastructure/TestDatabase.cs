using Npgsql;
using Testcontainers.PostgreSql;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>After efcore.pg's TestEnvironment: the connection string from the environment
/// (<c>ConnectionStrings__AddressMaps</c>, as scripts/test sets it) when there is one; otherwise a
/// throwaway PostgreSQL container via Testcontainers (needs a Docker engine).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "ConnectionStrings__AddressMaps";
    private PostgreSqlContainer? container;

    public string ConnectionString { get; private set; } = "";

    public static async Task<TestDatabase> StartAsync()
    {
        var db = new TestDatabase();
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            db.ConnectionString = fromEnvironment;
        }
        else
        {
            db.container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await db.container.StartAsync();
            db.ConnectionString = db.container.GetConnectionString();
        }

        await db.RecreateAsync();
        return db;
    }

    /// <summary>Starts from an empty schema so that migrations and seed run as on a fresh machine.</summary>
    private async Task RecreateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
