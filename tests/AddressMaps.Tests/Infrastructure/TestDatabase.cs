using Npgsql;
using Testcontainers.PostgreSql;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>After efcore.pg's TestEnvironment: the connection string from the environment
/// (<c>ConnectionStrings__AddressMaps</c>, as scripts/test sets it) when there is one; otherwise a
/// throwaway PostgreSQL container via Testcontainers (needs a Docker engine), one for the run.
/// World 1 (<see cref="ApiWorlds"/>) uses the database named there; world N a sibling database on
/// the same server, <c>{name}_N</c>, created when missing.</summary>
public sealed class TestDatabase
{
    public const string EnvironmentVariable = "ConnectionStrings__AddressMaps";
    private static readonly SemaphoreSlim ContainerGate = new(1, 1);
    private static PostgreSqlContainer? container;

    private TestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    public string ConnectionString { get; }

    /// <summary>The database's name, as Npgsql's activities tag it (<c>db.namespace</c>).</summary>
    public string Name { get; }

    public static async Task<TestDatabase> StartAsync(int world)
    {
        var server = await ServerConnectionStringAsync();
        var db = new TestDatabase(world == 1 ? server : await SiblingAsync(server, world));
        await db.RecreateAsync();
        return db;
    }

    private static async Task<string> ServerConnectionStringAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        await ContainerGate.WaitAsync();
        try
        {
            if (container is null)
            {
                var started = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await started.StartAsync();
                container = started;
            }

            return container.GetConnectionString();
        }
        finally
        {
            ContainerGate.Release();
        }
    }

    /// <summary>The database <c>{name}_{world}</c> beside the one <paramref name="server"/> names.</summary>
    private static async Task<string> SiblingAsync(string server, int world)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        var name = $"{builder.Database}_{world}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    /// <summary>Starts from an empty schema so that migrations and seed run as on a fresh machine.</summary>
    private async Task RecreateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Removes the run's container, if one was started (after every host on it stopped).</summary>
    public static async Task StopContainerAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
            container = null;
        }
    }
}
