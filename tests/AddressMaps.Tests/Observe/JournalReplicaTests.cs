using AddressMaps.Api.Journal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.Observe;

/// <summary>EMULATOR.md §4: a call is in the journal, on every replica, once its answer has been
/// sent. Entries are written just after the answer, so each test here holds the journal's table
/// against writes (EXCLUSIVE: reads still go through) while the call is answered: without the
/// journal barrier, the read that follows would not see the entry, or a clear would miss it.</summary>
public sealed class JournalReplicaTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(400);

    /// <summary>Holds journal_entries against inserts until disposed.</summary>
    private async Task<NpgsqlTransaction> HoldJournalAsync()
    {
        var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var hold = await connection.BeginTransactionAsync();
        await using var lockTable = new NpgsqlCommand("LOCK TABLE journal_entries IN EXCLUSIVE MODE", connection, hold);
        await lockTable.ExecuteNonQueryAsync();
        return hold;
    }

    private static async Task ReleaseLaterAsync(NpgsqlTransaction hold)
    {
        await Task.Delay(Held);
        var connection = hold.Connection!;
        await hold.CommitAsync();
        await connection.DisposeAsync();
    }

    private static async Task<List<string?>> RaysAsync(HttpClient http) =>
        (await SendAsync(http, HttpMethod.Get, "/_emulator/requests?limit=5")).AssertOk().Result.EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()).ToList();

    [Covers("emulator-list-requests", Op.ListMaps)]
    [Fact]
    public async Task A_call_answered_by_one_replica_is_in_the_journal_read_at_once_on_this_one_and_on_another()
    {
        await using var other = new ApiFactory(Fixture.Database.ConnectionString);
        var otherClient = other.CreateClient();
        var hold = await HoldJournalAsync();
        var answered = await new CloudflareClient(otherClient, Credentials.DemoKey).GetAsync(CloudflareClient.Maps());
        var release = ReleaseLaterAsync(hold);

        var here = await RaysAsync(Api.Http);
        var there = await RaysAsync(otherClient);
        await release;

        Assert.Contains(answered.Header("cf-ray"), here);
        Assert.Contains(answered.Header("cf-ray"), there);
    }

    [Covers("emulator-clear-requests", "emulator-verify-requests", Op.ListMaps)]
    [Fact]
    public async Task A_clear_forgets_calls_answered_just_before_it_on_another_replica()
    {
        await using var other = new ApiFactory(Fixture.Database.ConnectionString);
        var hold = await HoldJournalAsync();
        (await new CloudflareClient(other.CreateClient(), Credentials.DemoKey).GetAsync(CloudflareClient.Maps())).AssertOk();
        var release = ReleaseLaterAsync(hold);

        (await SendAsync(Api.Http, HttpMethod.Delete, "/_emulator/requests")).AssertOk();
        await release;

        var verify = new { method = "GET", path = "/client/v4/accounts/*/addressing/address_maps", count = 0 };
        var none = (await SendAsync(other.CreateClient(), HttpMethod.Post, "/_emulator/requests/verify", JsonSerializer.Serialize(verify))).AssertOk().Result;
        Assert.Equal(0, none.GetProperty("matched").GetInt32());
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task A_replica_that_stops_writes_the_entries_it_has_queued_first()
    {
        var host = new ApiFactory(Fixture.Database.ConnectionString);
        var hold = await HoldJournalAsync();
        var answered = await new CloudflareClient(host.CreateClient(), Credentials.DemoKey).GetAsync(CloudflareClient.Maps());
        var release = ReleaseLaterAsync(hold);

        await host.DisposeAsync();
        await release;

        await using var db = Fixture.NewDbContext();
        Assert.True(await db.Journal.AnyAsync(j => j.Ray == answered.Header("cf-ray")), "the stopped replica's last entry is not in the journal");
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task While_a_replica_cannot_be_asked_to_write_its_queue_its_answers_wait_for_their_entries()
    {
        await using (var db = Fixture.NewDbContext())
        {
            // The fixture host's listening connection goes; it listens again half a second later.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'addressmaps-journal %'");
        }

        // Until the host has seen its connection go (not a fixed delay: on a busy machine that was
        // either too short to see it or long enough for the half-second retry to listen again).
        var barrier = Fixture.Factory.Services.GetRequiredService<JournalBarrier>();
        for (var i = 0; i < 500 && barrier.Listening; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(barrier.Listening, "the host still listens 5 s after its connection was terminated");
        var hold = await HoldJournalAsync();
        var release = ReleaseLaterAsync(hold);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answered = await Api.GetAsync(CloudflareClient.Maps());
        clock.Stop();
        await release;

        answered.AssertOk();
        Assert.True(clock.Elapsed >= Held - TimeSpan.FromMilliseconds(50), $"answered in {clock.Elapsed}, before its entry could be written");
        await using var check = Fixture.NewDbContext();
        Assert.True(await check.Journal.AnyAsync(j => j.Ray == answered.Header("cf-ray")));
    }
}
