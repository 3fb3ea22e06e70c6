using System.Data;

namespace AddressMaps.Api.Data;

/// <summary>Reads of the whole state (an export, a stored seed or snapshot): in one REPEATABLE READ
/// transaction, so that every statement sees the same state, and so on a connection of their own,
/// where Npgsql bounds each read by the command timeout (30 s). A multiplexed read is bounded by
/// the connection's Timeout instead (npgsql#3110), the 1 s meant for a database that does not
/// answer (issue 7), and a 60 MB document takes longer than that to arrive.</summary>
public static class Consistent
{
    /// <summary>Runs <paramref name="read"/> in such a transaction, or in the caller's when one is open.</summary>
    public static async Task<T> ReadAsync<T>(AddressMapsDbContext db, Func<Task<T>> read, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await read();
        }

        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var result = await read();
        await tx.CommitAsync(ct);
        return result;
    }
}
