using Npgsql;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>SQL on a connection of a test's own, beside the API: PREPARE and EXPLAIN of the
/// statements the API sends, and writes in a transaction the test rolls back.</summary>
public static class RawSql
{
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row (null when there is none).</summary>
    public static async Task<T?> ScalarAsync<T>(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    /// <summary>The top node of <c>EXPLAIN (<paramref name="options"/>, FORMAT JSON) <paramref name="statement"/></c>.</summary>
    public static async Task<JsonElement> PlanAsync(this NpgsqlConnection connection, string statement, string options = "COSTS")
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN ({options}, FORMAT JSON) {statement}", connection);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return plan.RootElement[0].GetProperty("Plan").Clone();
    }
}
