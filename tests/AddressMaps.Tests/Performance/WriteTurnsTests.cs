using AddressMaps.Api.Platform;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: writes take turns (Platform/WriteTurns.cs). A write kept waiting by the
/// database (a table held here) holds its turn: with one turn, the next write waits for it, even
/// one that needs nothing that is held; with the default turns (four a core), it does not; reads never wait.</summary>
public sealed class WriteTurnsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Waited = TimeSpan.FromMilliseconds(800);

    [Theory]
    [InlineData("1", true)]
    [InlineData(null, false)]
    public async Task A_write_past_the_limit_waits_for_a_turn_and_a_read_never_does(string? turns, bool nextWriteWaits)
    {
        await using var api = new ApiFactory(Fixture.Database.ConnectionString,
            turns is null ? null : new Dictionary<string, string?> { ["AddressMaps:MaxConcurrentWrites"] = turns });
        var client = new CloudflareClient(api.CreateClient(), Credentials.WriteToken);
        var id = await client.CreateMapAsync(new { description = "turns" });
        var snapshot = "turns-" + Guid.NewGuid().ToString("N")[..8];

        await using var holder = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("LOCK TABLE stored_documents IN ACCESS EXCLUSIVE MODE");
        var held = SendAsync(api.CreateClient(), HttpMethod.Post, "/_emulator/snapshots", $$"""{"name":"{{snapshot}}"}""");
        await WaitUntilWaitingForTheTableAsync(holder, held);

        var next = client.PutAsync(CloudflareClient.Map(id) + "/ips/203.0.113.31");
        var read = await client.GetAsync(CloudflareClient.Map(id));
        var nextWaited = await Task.WhenAny(next, Task.Delay(Waited)) != next;
        var heldWasWaiting = !held.IsCompleted;
        await hold.CommitAsync();

        read.AssertOk();
        (await held).AssertOk();
        (await next).AssertOk();
        Assert.True(heldWasWaiting, "the snapshot did not wait for the held table");
        Assert.Equal(nextWriteWaits, nextWaited);
        (await SendAsync(api.CreateClient(), HttpMethod.Delete, $"/_emulator/snapshots/{snapshot}")).AssertOk();
    }

    [Fact]
    public void The_setting_gives_that_many_turns_0_none_and_a_negative_number_is_a_start_up_error_naming_it()
    {
        using (var three = WriteTurns.Limiter(3))
        {
            Assert.Equal(3, three!.GetStatistics()!.CurrentAvailablePermits);
        }

        Assert.Null(WriteTurns.Limiter(0));
        var failure = Assert.Throws<StartupException>(() => WriteTurns.Limiter(-1));
        Assert.Equal(
            "error: invalid setting: AddressMaps__MaxConcurrentWrites is -1; give the number of writes that may run at once, or 0 for no limit",
            StartupFailure.Describe(failure, null));
    }

    /// <summary>Until PostgreSQL shows a lock on the table not granted: the snapshot's write is in
    /// its endpoint, its turn taken.</summary>
    private static async Task WaitUntilWaitingForTheTableAsync(Npgsql.NpgsqlConnection holder, Task held)
    {
        for (var i = 0; i < 200 && !held.IsCompleted; i++)
        {
            if (await holder.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE relation = 'stored_documents'::regclass AND NOT granted") > 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("the snapshot never waited for stored_documents");
    }
}
