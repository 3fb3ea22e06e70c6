using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AddressMaps.Api.Data;

/// <summary>Statements sent as one batch on an EF context's connection, in its transaction if it
/// has one: one round trip (without a transaction PostgreSQL runs them as one implicit one), each
/// statement its own result, read by hand (Maps/MapReader, Maps/AccountFactsQuery, the list's
/// version in Maps/ListCache).</summary>
public static class Batch
{
    /// <summary>One statement, its values as positional parameters ($1, $2, …).</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public static async Task<T> ReadAsync<T>(AddressMapsDbContext db, IEnumerable<NpgsqlBatchCommand> commands, Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            foreach (var command in commands)
            {
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
