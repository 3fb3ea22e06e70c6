namespace AddressMaps.Tests.AuditLogs;

/// <summary>EMULATOR.md §7: one entry per successful mutation, with the answer's Cf-Auditlog-Id as
/// its id and the map's details before and after as JSON text.</summary>
public sealed class AuditLogTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static string Log(string? query = null, string? account = null) =>
        $"{CloudflareClient.Base}/accounts/{account ?? Demo.Account}/audit_logs{(query is null ? "" : "?" + query)}";

    public static string Ip(string map, string ip) => $"{CloudflareClient.Map(map)}/ips/{ip}";

    public static async Task<List<JsonElement>> EntriesAsync(CloudflareClient api, string? query = null, string? account = null) =>
        (await api.GetAsync(Log(query, account))).AssertOk().Result.EnumerateArray().ToList();

    private static string? Value(JsonElement entry, string name) => entry.GetProperty(name).ValueKind == JsonValueKind.Null ? null : entry.GetProperty(name).GetString();

    [Covers(Op.CreateMap, Op.UpdateMap, Op.AddIp, Op.DeleteMap, Op.MapDetails, Op.AuditLogs)]
    [Fact]
    public async Task Create_edit_add_ip_delete_write_four_entries_newest_first_with_the_ids_of_the_headers()
    {
        var created = (await Api.PostJsonAsync(CloudflareClient.Maps(), new { description = "audited" })).AssertOk();
        var id = created.Result.GetProperty("id").GetString()!;
        var edited = (await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "edited" })).AssertOk();
        var afterEdit = (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetRawText();
        var added = (await Api.PutAsync(Ip(id, "203.0.113.7"))).AssertOk();
        var afterAdd = (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetRawText();
        var deleted = (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertOk();

        var log = (await Api.GetAsync(Log())).AssertOk();
        var entries = log.Result.EnumerateArray().ToList();

        Assert.Equal(new[] { deleted, added, edited, created }.Select(r => r.Header("Cf-Auditlog-Id")), entries.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["delete", "update", "update", "create"], entries.Select(e => e.GetProperty("action").GetProperty("type").GetString()));
        Assert.Equal([Op.DeleteMap, Op.AddIp, Op.UpdateMap, Op.CreateMap], entries.Select(e => e.GetProperty("metadata").GetProperty("operation").GetString()));
        Assert.Equal(new[] { deleted, added, edited, created }.Select(r => r.Header("cf-ray")), entries.Select(e => e.GetProperty("metadata").GetProperty("cf_ray").GetString()));
        // Old and new values: the map's details as the API answers them.
        Assert.Equal([null, afterAdd, afterEdit, created.Result.GetRawText()], entries.Select(e => Value(e, "newValue")));
        Assert.Equal([afterAdd, afterEdit, created.Result.GetRawText(), null], entries.Select(e => Value(e, "oldValue")));
        Assert.Equal(1, log.Json.GetProperty("result_info").GetProperty("page").GetInt32());
        Assert.Equal(4, log.Json.GetProperty("result_info").GetProperty("total_count").GetInt32());
    }

    [Covers(Op.CreateMap, Op.AuditLogs)]
    [Fact]
    public async Task An_entry_has_the_shape_of_section_7_with_the_caller_as_actor()
    {
        var id = await Api.CreateMapAsync();

        var entry = Assert.Single(await EntriesAsync(Api));

        Assert.Equal(["id", "action", "actor", "interface", "metadata", "newValue", "oldValue", "owner", "resource", "when"],
            entry.EnumerateObject().Select(p => p.Name));
        Assert.True(entry.GetProperty("action").GetProperty("result").GetBoolean());
        var actor = entry.GetProperty("actor");
        Assert.Equal(Demo.User.Id, actor.GetProperty("id").GetString());
        Assert.Equal(Demo.Email, actor.GetProperty("email").GetString());
        Assert.Equal("127.0.0.1", actor.GetProperty("ip").GetString());
        Assert.Equal("user", actor.GetProperty("type").GetString());
        Assert.Equal("API", entry.GetProperty("interface").GetString());
        Assert.Equal(Demo.Account, entry.GetProperty("owner").GetProperty("id").GetString());
        Assert.Equal(id, entry.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("address_map", entry.GetProperty("resource").GetProperty("type").GetString());
        var details = JsonDocument.Parse(Value(entry, "newValue")!).RootElement;
        Assert.Equal(details.GetProperty("created_at").GetString(), entry.GetProperty("when").GetString());
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.AuditLogs)]
    [Fact]
    public async Task A_token_is_the_actor_with_no_email()
    {
        var id = await Api.As(Credentials.WriteToken).CreateMapAsync();

        var actor = Assert.Single(await EntriesAsync(Api)).GetProperty("actor");

        Assert.Equal(Demo.Write.Id, actor.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, actor.GetProperty("email").ValueKind);
        Assert.NotNull(id);
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.RemoveZone, Op.AddAccount, Op.RemoveAccount, Op.RemoveIp, Op.MapDetails, Op.AuditLogs)]
    [Fact]
    public async Task Every_sub_resource_change_is_an_update_entry_whose_new_value_is_the_map_after()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.1" } });
        var map = CloudflareClient.Map(id);
        var details = new List<string>();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Put, $"{map}/zones/{Demo.ExampleCom}"), (HttpMethod.Put, $"{map}/accounts/{Demo.Account}"),
            (HttpMethod.Delete, $"{map}/zones/{Demo.ExampleCom}"), (HttpMethod.Delete, $"{map}/accounts/{Demo.Account}"),
            (HttpMethod.Delete, $"{map}/ips/203.0.113.1"),
        })
        {
            (await Api.SendAsync(method, path)).AssertOk();
            details.Add((await Api.GetAsync(map)).Result.GetRawText());
        }

        var entries = await EntriesAsync(Api, "direction=asc");

        Assert.Equal(6, entries.Count);
        Assert.Equal(details, entries.Skip(1).Select(e => Value(e, "newValue")));
        Assert.Equal(entries.Take(5).Select(e => Value(e, "newValue")), entries.Skip(1).Select(e => Value(e, "oldValue")));
        Assert.All(entries.Skip(1), e => Assert.Equal("update", e.GetProperty("action").GetProperty("type").GetString()));
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.AddIp, Op.DeleteMap, Op.AddZone, Op.MapDetails, Op.AuditLogs)]
    [Fact]
    public async Task Failed_or_idempotent_mutations_and_reads_write_no_entry()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.1" }, enabled = true });

        (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertError(HttpStatusCode.BadRequest, 1003);
        (await Api.PutAsync(Ip(id, "10.0.0.1"))).AssertError(HttpStatusCode.BadRequest, 1007);
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/zones/{Demo.NoAddOnZone}")).AssertError(HttpStatusCode.BadRequest, 1009);
        (await Api.PutAsync(Ip(id, "203.0.113.1"))).AssertOk(); // already there
        (await Api.PatchJsonAsync(CloudflareClient.Map(id), new { enabled = true })).AssertOk(); // unchanged
        (await Api.As(Credentials.ReadToken).PutAsync(Ip(id, "203.0.113.2"))).AssertError(HttpStatusCode.Forbidden, 10000);
        var read = (await Api.GetAsync(CloudflareClient.Map(id))).AssertOk();

        var entry = Assert.Single(await EntriesAsync(Api));
        Assert.Equal("create", entry.GetProperty("action").GetProperty("type").GetString());
        Assert.NotEqual(read.Header("Cf-Auditlog-Id"), entry.GetProperty("id").GetString());
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.AuditLogs)]
    [Fact]
    public async Task Concurrent_puts_of_one_ip_write_one_entry_for_the_one_that_added_it()
    {
        var id = await Api.CreateMapAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.PutAsync(Ip(id, "203.0.113.9"))));

        Assert.All(answers, a => a.AssertOk());
        var updates = (await EntriesAsync(Api, "action.type=update")).Select(e => e.GetProperty("id").GetString()).ToList();
        var added = Assert.Single(updates);
        Assert.Contains(added, answers.Select(a => a.Header("Cf-Auditlog-Id")));
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.AuditLogs)]
    [Fact]
    public async Task Concurrent_puts_of_different_ips_on_one_map_each_record_the_map_after_the_ones_before()
    {
        for (var round = 0; round < 3; round++)
        {
            await Fixture.ResetAsync();
            var id = await Api.CreateMapAsync();
            var ips = Enumerable.Range(10, 8).Select(n => $"203.0.113.{n}").ToList();

            var answers = await Task.WhenAll(ips.Select(ip => Fixture.Client().PutAsync(Ip(id, ip))));

            Assert.All(answers, a => a.AssertOk());
            // The writers of one map take turns on its lock: each entry's new value is the map
            // with every IP added before it plus its own, so the eight form a chain of 1 to 8 IPs.
            var after = (await EntriesAsync(Api, "action.type=update"))
                .Select(e => JsonDocument.Parse(Value(e, "newValue")!).RootElement.GetProperty("ips").EnumerateArray().Select(x => x.GetProperty("ip").GetString()!).ToHashSet())
                .OrderBy(set => set.Count)
                .ToList();
            Assert.Equal(Enumerable.Range(1, 8), after.Select(set => set.Count));
            Assert.All(after.Zip(after.Skip(1)), pair => Assert.Subset(pair.Second, pair.First));
            Assert.Equal(ips.ToHashSet(), after[^1]);
        }
    }
}
