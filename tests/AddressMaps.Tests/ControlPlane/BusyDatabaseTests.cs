using Npgsql;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.ControlPlane;

/// <summary>A control-plane call that waits on PostgreSQL for more than a second (a large state
/// read or written, a table held by someone else) finishes with its answer: the one-second limit
/// is for a database that does not answer (issue 7; OperationalTests), not for one that is busy.
/// Found with scripts/bench --scale, where the reset of an account with 100,000 IPs answered 503
/// one second in, because the 60 MB seed it reads first took longer than that to arrive.</summary>
public sealed class BusyDatabaseTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(1600);

    private HttpClient Http => Api.Http;

    /// <summary>The table held, and the call that has to read or write it.</summary>
    public static TheoryData<string, string, string> Calls => new()
    {
        { "stored_documents", "POST", "/_emulator/reset" },
        { "stored_documents", "POST", $"/_emulator/reset?account_id={Demo.Account}" },
        { "stored_documents", "GET", "/_emulator/seed" },
        { "address_maps", "GET", "/_emulator/state" },
        { "address_maps", "PUT", "/_emulator/state" },
        { "address_maps", "POST", "/_emulator/snapshots" },
        { "stored_documents", "GET", "/_emulator/snapshots" },
        { "stored_documents", "POST", "/_emulator/snapshots/busy/restore" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_control_plane_call_kept_waiting_over_a_second_by_the_database_answers_200_when_it_is_done(string table, string method, string path)
    {
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots", """{"name":"busy"}""")).AssertOk();
        var body = method == "PUT" ? await RawAsync(Http, "/_emulator/state")
            : method == "POST" && path == "/_emulator/snapshots" ? """{"name":"busy"}""" : null;

        await using var holder = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var call = SendAsync(Http, new HttpMethod(method), path, body);
        // Whether the call was still waiting when the table was let go, rather than a stopwatch
        // against the delay (the timer may end the delay a fraction of a millisecond before the
        // stopwatch reaches it: 1.5995 s against 1.6 once).
        var waited = await Task.WhenAny(call, Task.Delay(Held)) != call;
        await hold.CommitAsync();
        var answer = await call;

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        Assert.True(waited, $"{method} {path} answered within {Held.TotalSeconds} s without waiting for {table}");
        (await SendAsync(Http, HttpMethod.Delete, "/_emulator/snapshots/busy")).AssertOk();
    }
}
