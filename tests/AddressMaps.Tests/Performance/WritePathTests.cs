namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: what a change of a map's IPs asks of PostgreSQL. The map row is locked by the
/// statement that reads it (FOR UPDATE answers the row as the writer before left it), not by a
/// statement of its own before the read; the change, its audit log entry and the COMMIT follow.
/// Counts statements, never times them.</summary>
public sealed class WritePathTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.AddIp)]
    [Fact]
    public async Task An_ips_put_reads_the_map_row_with_its_lock_and_runs_no_lock_of_its_own()
    {
        var id = await Api.CreateMapAsync(new { description = "write path" });
        var ip = $"{CloudflareClient.Map(id)}/ips/203.0.113.7";
        using var recorder = new StatementRecorder();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.6")).AssertOk(); // the path warmed
        recorder.Take();

        (await Api.PutAsync(ip)).AssertOk();
        var statements = recorder.Take().SelectMany(s => s.Sql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

        var locks = statements.Where(s => s.Contains("FOR UPDATE", StringComparison.Ordinal)).ToList();
        var locked = Assert.Single(locks);
        Assert.StartsWith("SELECT id, account_id, description", locked, StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.StartsWith("SELECT FROM address_maps", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("INSERT INTO address_map_ips", StringComparison.Ordinal));
        var details = (await Api.GetAsync(CloudflareClient.Map(id))).AssertOk().Result;
        Assert.Contains(details.GetProperty("ips").EnumerateArray(), i => i.GetProperty("ip").GetString() == "203.0.113.7");
    }
}
