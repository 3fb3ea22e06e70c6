namespace AddressMaps.Tests.Reliability;

/// <summary>Issue 7: the work a request does must not depend on what it should not. A create runs
/// the same statements for 10 IPs as for 5,000 (defect 5 was quadratic), and a wrong key for a known
/// email runs exactly what an unknown email runs (no timing difference to learn emails from).
/// Timing itself is measured by scripts/bench, not here.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class WorkPerRequestTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static string[] Ipv6(int count) =>
        Enumerable.Range(1, count).Select(i => $"2001:db8::{i:x}").ToArray(); // canonical up to 65,535

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task A_create_runs_as_many_statements_for_5000_ips_as_for_10_and_stores_them_all_in_order()
    {
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk(); // the credential is read once, not per request
        using var recorder = new StatementRecorder(Fixture.Database);
        recorder.Take();
        var small = await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips = Ipv6(10) });
        var smallStatements = recorder.Take();
        var ips = Ipv6(5000);
        var large = await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips });
        var largeStatements = recorder.Take();

        small.AssertOk();
        large.AssertOk();
        Assert.NotEmpty(smallStatements);
        Assert.Equal(smallStatements.Select(s => s.Sql), largeStatements.Select(s => s.Sql));
        var answered = large.Result.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()).ToList();
        Assert.Equal(ips, answered);
        var stored = (await Api.GetAsync(CloudflareClient.Map(large.Result.GetProperty("id").GetString()!))).Result
            .GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()).ToList();
        Assert.Equal(ips, stored);
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Duplicate_ips_in_one_create_are_stored_once_in_first_seen_order()
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips = new[] { "203.0.113.2", "203.0.113.1", "203.0.113.2" } });

        var ips = response.AssertOk().Result.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()).ToList();
        Assert.Equal(["203.0.113.2", "203.0.113.1"], ips);
        var id = response.Result.GetProperty("id").GetString();
        await using var db = Fixture.NewDbContext();
        Assert.Equal(2, await db.AddressMapIps.CountAsync(i => i.AddressMapId == id));
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task A_wrong_key_for_a_known_email_runs_the_same_statements_as_an_unknown_email()
    {
        const string wrongKey = "0123456789abcdef0123456789abcdef01234";
        var known = Credentials.GlobalKey(Demo.Email, wrongKey);
        var unknown = Credentials.GlobalKey("nobody@example.com", wrongKey);
        using var recorder = new StatementRecorder(Fixture.Database);
        await Api.As(known).GetAsync(CloudflareClient.Maps()); // warm both paths
        await Api.As(unknown).GetAsync(CloudflareClient.Maps());
        recorder.Take();

        var knownStatements = await UsualStatementsAsync(recorder, known);
        var unknownStatements = await UsualStatementsAsync(recorder, unknown);

        Assert.NotEmpty(knownStatements);
        Assert.Equal(knownStatements, unknownStatements);
        // The same text is not yet the same work: the lookup must match on the key too, so that a
        // wrong key finds no row, exactly as an unknown email does (nothing more to read or compare).
        var lookup = Assert.Single(knownStatements, s => s.Sql.Contains("email", StringComparison.Ordinal));
        Assert.Contains("key_hash = ", lookup.Sql[lookup.Sql.IndexOf("WHERE", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    /// <summary>What a refused list request with <paramref name="credentials"/> ran, as most of three
    /// tries ran it: under a whole run's load (CI, once in nine runs in one day) the recorder came back
    /// empty for one request, never in twelve runs of this class alone. A difference in what the two
    /// credentials run shows in every try, so it still fails the comparison.</summary>
    private async Task<IReadOnlyList<RecordedStatement>> UsualStatementsAsync(StatementRecorder recorder, Credentials credentials)
    {
        var tries = new List<IReadOnlyList<RecordedStatement>>();
        for (var i = 0; i < 3; i++)
        {
            (await Api.As(credentials).GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 9103);
            tries.Add(recorder.Take());
        }

        return tries.GroupBy(t => string.Join('\n', t)).MaxBy(g => g.Count())!.First();
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task After_a_create_of_20000_ips_the_memory_it_took_is_collected_once_it_is_answered()
    {
        var ips = Enumerable.Range(1, 20_000).Select(i => $"2001:db8::1:{i:x}").ToArray(); // ~400 KB of body
        await Task.Delay(1100); // the collection runs at most once a second
        var before = LargeRequestMemory.Collections;
        var fullBefore = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;

        (await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips })).AssertOk();

        // Once the answer is complete, LargeRequestMemory runs one aggressive, blocking, compacting
        // full collection (GC.Collect with those arguments does nothing less). The test checked the
        // last full blocking collection's Compacted flag instead, and failed twice in CI (session
        // 17; never here), once after waiting 10 s: a likely cause is another full blocking
        // collection, not compacting, following ours and becoming the last. If this fails, the
        // message says whether ours ran. At most 10 s, like the other waits.
        var ran = false;
        for (var i = 0; i < 500 && !ran; i++)
        {
            ran = LargeRequestMemory.Collections > before;
            await Task.Delay(20);
        }

        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(ran, $"no collection followed the large request (last full blocking collection: #{last.Index}, #{fullBefore} before the request, compacted {last.Compacted})");
        Assert.True(last.Index > fullBefore, "no full blocking collection since the request");
    }
}
