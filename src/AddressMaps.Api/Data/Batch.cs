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

    /// <summary>An interpolated statement (<see cref="Sql"/>: every value a parameter) as a batch
    /// command: its placeholders become $1, $2, … in order. An <see cref="NpgsqlParameter"/> given
    /// as a value keeps its type.</summary>
    public static NpgsqlBatchCommand Command(FormattableString statement)
    {
        var values = statement.GetArguments();
        var command = new NpgsqlBatchCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Format,
            Enumerable.Range(1, values.Length).Select(i => (object)("$" + i)).ToArray()));
        foreach (var value in values)
        {
            command.Parameters.Add(value is NpgsqlParameter typed
                ? new NpgsqlParameter { NpgsqlDbType = typed.NpgsqlDbType, Value = typed.Value }
                : new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Runs the statements as one batch, one round trip (issue 13: EF's raw SQL built its
    /// command and mapped every parameter's type on each call, and Npgsql then parsed the text to
    /// rewrite EF's named parameters); answers the rows the first statement changed.</summary>
    public static async Task<int> ExecuteAsync(AddressMapsDbContext db, CancellationToken ct, params FormattableString[] statements)
    {
        var commands = statements.Select(Command).ToList();
        await ReadAsync(db, commands, async reader =>
        {
            while (await reader.NextResultAsync(ct))
            {
            }

            return 0;
        }, ct);
        return commands[0].RecordsAffected;
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
