using Npgsql;

namespace AddressMaps.Tests.Delegations;

/// <summary>CONTRACT §10.2: prefix delegations in the SDK's shape, the ownership rule honouring
/// them, every bad input a named 4xx, and the database's own constraints.</summary>
public sealed class DelegationTests(ApiFixture fixture) : ApiTest(fixture)
{
    public const string List = "ip-address-management-prefix-delegation-list-prefix-delegations";
    public const string Create = "ip-address-management-prefix-delegation-create-prefix-delegation";
    public const string Delete = "ip-address-management-prefix-delegation-delete-prefix-delegation";

    private static string Delegations(string prefix = "", string? account = null) =>
        $"{CloudflareClient.Base}/accounts/{account ?? Demo.Account}/addressing/prefixes/{(prefix == "" ? Demo.DemoPrefix : prefix)}/delegations";

    private async Task<JsonElement> DelegateAsync(string cidr, string to) =>
        (await Api.PostJsonAsync(Delegations(), new { cidr, delegated_account_id = to })).AssertOk().Result;

    [Covers(List, Create, Delete)]
    [Fact]
    public async Task Create_list_and_delete_answer_the_sdk_shape()
    {
        var made = await DelegateAsync("203.0.113.128/25", Demo.OtherAccount);

        Assert.Equal(["cidr", "created_at", "delegated_account_id", "id", "modified_at", "parent_prefix_id"], made.EnumerateObject().Select(p => p.Name));
        Assert.Equal("203.0.113.128/25", made.GetProperty("cidr").GetString());
        Assert.Equal(Demo.OtherAccount, made.GetProperty("delegated_account_id").GetString());
        Assert.Equal(Demo.DemoPrefix, made.GetProperty("parent_prefix_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", made.GetProperty("id").GetString());
        var id = made.GetProperty("id").GetString()!;
        var listed = (await Api.GetAsync(Delegations())).AssertOk().Result;
        Assert.Equal(made.GetRawText(), Assert.Single(listed.EnumerateArray()).GetRawText());
        var deleted = (await Api.DeleteAsync(Delegations() + "/" + id)).AssertOk().Result;
        Assert.Equal($$"""{"id":"{{id}}"}""", deleted.GetRawText());
        Assert.Empty((await Api.GetAsync(Delegations())).AssertOk().Result.EnumerateArray());
        var again = (await Api.DeleteAsync(Delegations() + "/" + id)).AssertError(HttpStatusCode.NotFound, 1000);
        Assert.StartsWith($"not_found: delegation {id} ", again.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Create, Delete, Op.CreateMap, Op.AddIp, Op.RemoveIp)]
    [Fact]
    public async Task The_delegate_may_use_the_delegated_ips_the_owner_keeps_its_own_and_delete_waits_for_them()
    {
        var id = (await DelegateAsync("203.0.113.128/25", Demo.OtherAccount)).GetProperty("id").GetString()!;
        var other = Api.As(Credentials.OtherWriteToken);

        var map = await other.CreateMapAsync(new { ips = new[] { "203.0.113.130" } }, Demo.OtherAccount);
        (await other.PutAsync(CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.255")).AssertOk();
        var outside = (await other.PutAsync(CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.127")).AssertError(HttpStatusCode.BadRequest, 1007);
        Assert.StartsWith($"ip_not_owned_by_account: 203.0.113.127 is not in an approved prefix of account {Demo.OtherAccount}", outside.FirstErrorMessage, StringComparison.Ordinal);
        await Api.CreateMapAsync(new { ips = new[] { "203.0.113.130", "203.0.113.1" } }); // the owner keeps its use

        var inUse = (await Api.DeleteAsync(Delegations() + "/" + id)).AssertError(HttpStatusCode.BadRequest, 1026);
        Assert.Contains($"203.0.113.130 is on address map {map} of account {Demo.OtherAccount} (and 1 more)", inUse.FirstErrorMessage, StringComparison.Ordinal);
        (await other.DeleteAsync(CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.130")).AssertOk();
        (await other.DeleteAsync(CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.255")).AssertOk();
        (await Api.DeleteAsync(Delegations() + "/" + id)).AssertOk();
        (await other.PutAsync(CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.130")).AssertError(HttpStatusCode.BadRequest, 1007);
    }

    [Covers(Create, Delete, Op.AddIp, Op.RemoveIp)]
    [Fact]
    public async Task A_delete_racing_the_delegate_adding_a_delegated_ip_never_leaves_the_ip_unowned()
    {
        var other = Api.As(Credentials.OtherWriteToken);
        var map = await other.CreateMapAsync(null, Demo.OtherAccount);
        var ip = CloudflareClient.Map(map, Demo.OtherAccount) + "/ips/203.0.113.200";
        for (var i = 0; i < 15; i++)
        {
            var id = (await DelegateAsync("203.0.113.128/25", Demo.OtherAccount)).GetProperty("id").GetString()!;

            var results = await Task.WhenAll(other.PutAsync(ip), Api.DeleteAsync(Delegations() + "/" + id));

            var (added, deleted) = (results[0].Status, results[1].Status);
            var onMap = (await other.GetAsync(CloudflareClient.Map(map, Demo.OtherAccount))).AssertOk().Result.GetProperty("ips").GetArrayLength() == 1;
            Assert.True((added, deleted, onMap) is (HttpStatusCode.OK, HttpStatusCode.BadRequest, true) or (HttpStatusCode.BadRequest, HttpStatusCode.OK, false),
                $"round {i}: add {added}, delete {deleted}, IP on the map: {onMap}");
            if (onMap)
            {
                (await other.DeleteAsync(ip)).AssertOk();
                (await Api.DeleteAsync(Delegations() + "/" + id)).AssertOk();
            }
        }
    }

    public static readonly TheoryData<string, HttpStatusCode, int, string> BadBodies = new()
    {
        { $$"""{"delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1020, "invalid_network_cidr: cidr is required" },
        { $$"""{"cidr":"203.0.113.129/25","delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1020, "invalid_network_cidr: cidr '203.0.113.129/25'" },
        { $$"""{"cidr":"not-a-cidr","delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1020, "'not-a-cidr'" },
        { $$"""{"cidr":"198.51.100.0/25","delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1021, $"delegation_cidr_outside_prefix: cidr 198.51.100.0/25 does not lie inside prefix {Demo.DemoPrefix} (203.0.113.0/24)" },
        { $$"""{"cidr":"203.0.112.0/23","delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1021, "203.0.112.0/23" },
        { $$"""{"cidr":"2001:db8::/64","delegated_account_id":"{{Demo.OtherAccount}}"}""", HttpStatusCode.BadRequest, 1021, "2001:db8::/64" },
        { """{"cidr":"203.0.113.0/25"}""", HttpStatusCode.BadRequest, 1023, "delegated_account_not_found: delegated_account_id is required" },
        { """{"cidr":"203.0.113.0/25","delegated_account_id":"nope"}""", HttpStatusCode.BadRequest, 1023, "'nope'" },
        { """{"cidr":"203.0.113.0/25","delegated_account_id":"0123456789abcdef0123456789abcdef"}""", HttpStatusCode.BadRequest, 1023, "0123456789abcdef0123456789abcdef is not an account" },
        { $$"""{"cidr":"203.0.113.0/25","delegated_account_id":"{{Demo.Account}}"}""", HttpStatusCode.BadRequest, 1024, $"delegation_to_own_account: delegated_account_id {Demo.Account}" },
        { """{"cidr":42}""", HttpStatusCode.BadRequest, 1016, "invalid_field: invalid value for field 'cidr'" },
        { "{", HttpStatusCode.BadRequest, 6007, "Malformed JSON in request body" },
    };

    [Covers(Create)]
    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_create_is_a_4xx_naming_the_value_and_makes_nothing(string body, HttpStatusCode status, int code, string named)
    {
        var response = await Api.SendAsync(HttpMethod.Post, Delegations(), body, "application/json");

        response.AssertError(status, code);
        Assert.Contains(named, response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync(Delegations())).AssertOk().Result.EnumerateArray());
    }

    [Covers(Create)]
    [Fact]
    public async Task An_overlapping_delegation_is_refused_naming_the_one_it_overlaps()
    {
        var first = (await DelegateAsync("203.0.113.0/26", Demo.OtherAccount)).GetProperty("id").GetString()!;

        var inside = (await Api.PostJsonAsync(Delegations(), new { cidr = "203.0.113.32/27", delegated_account_id = Demo.StaticAccount })).AssertError(HttpStatusCode.BadRequest, 1022);
        var around = (await Api.PostJsonAsync(Delegations(), new { cidr = "203.0.113.0/25", delegated_account_id = Demo.OtherAccount })).AssertError(HttpStatusCode.BadRequest, 1022);

        Assert.Contains($"overlaps delegation {first} (203.0.113.0/26", inside.FirstErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("delegation_overlaps_existing: cidr 203.0.113.0/25", around.FirstErrorMessage, StringComparison.Ordinal);
        await DelegateAsync("203.0.113.64/26", Demo.StaticAccount); // adjacent is fine
    }

    [Covers(List, Create, Delete)]
    [Fact]
    public async Task Reads_need_ip_prefixes_read_writes_ip_prefixes_write_and_other_prefixes_are_not_found()
    {
        var body = new { cidr = "203.0.113.128/25", delegated_account_id = Demo.OtherAccount };

        (await Api.As(Credentials.WriteToken).GetAsync(Delegations())).AssertOk(); // IP Prefixes Read
        (await Api.As(Credentials.WriteToken).PostJsonAsync(Delegations(), body)).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.ReadToken).GetAsync(Delegations())).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.None).GetAsync(Delegations())).AssertError(HttpStatusCode.BadRequest, 9106);
        (await Api.PostJsonAsync(Delegations(Demo.OtherPrefix), body)).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.GetAsync(Delegations("ffffffffffffffffffffffffffffffff"))).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.DeleteAsync(Delegations() + "/not-an-id")).AssertError(HttpStatusCode.BadRequest, 7003);
        (await Api.DeleteAsync(Delegations() + "/ffffffffffffffffffffffffffffffff")).AssertError(HttpStatusCode.NotFound, 1000);
    }

    [Covers(Create, Delete, Op.AuditLogs)]
    [Fact]
    public async Task Create_and_delete_write_audit_log_entries_in_the_owners_log()
    {
        var id = (await DelegateAsync("203.0.113.128/25", Demo.OtherAccount)).GetProperty("id").GetString()!;
        (await Api.DeleteAsync(Delegations() + "/" + id)).AssertOk();

        var entries = (await Api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/audit_logs")).AssertOk().Result.EnumerateArray()
            .Where(e => e.GetProperty("resource").GetProperty("id").GetString() == id).ToList();

        Assert.Equal(["delete", "create"], entries.Select(e => e.GetProperty("action").GetProperty("type").GetString()));
        Assert.All(entries, e => Assert.Equal("prefix_delegation", e.GetProperty("resource").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task The_database_itself_refuses_overlaps_and_cidrs_outside_the_parent()
    {
        await DelegateAsync("203.0.113.0/26", Demo.OtherAccount);
        await using var db = Fixture.NewDbContext();

        var overlap = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(db, "203.0.113.0/27", "203.0.113.0/24"));
        var outside = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(db, "198.51.100.0/25", "203.0.113.0/24"));
        var wrongParent = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(db, "198.51.100.0/25", "198.51.100.0/24"));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, overlap.SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, outside.SqlState);
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, wrongParent.SqlState);
    }

    private static Task<int> InsertAsync(AddressMaps.Api.Data.AddressMapsDbContext db, string cidr, string parent) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO prefix_delegations (id, prefix_id, account_id, parent_cidr, cidr, delegated_account_id, created_at, modified_at) " +
            "VALUES (md5(random()::text), {0}, {1}, {2}::cidr, {3}::cidr, {4}, now(), now())",
            Demo.DemoPrefix, Demo.Account, parent, cidr, Demo.OtherAccount);

    [Covers(List, Op.CreateMap)]
    [Fact]
    public async Task The_demo_seed_delegates_part_of_a_demo_prefix_to_Other_BYOIP()
    {
        var prefix = Demo.AccountNamed("Demo BYOIP").Prefixes!.Single(p => p.Cidr == "198.51.100.0/24");
        var seeded = Assert.Single(prefix.Delegations!);

        var listed = Assert.Single((await Api.GetAsync(Delegations(prefix.Id))).AssertOk().Result.EnumerateArray());
        var map = await Api.As(Credentials.OtherWriteToken).CreateMapAsync(new { ips = new[] { "198.51.100.200" } }, Demo.OtherAccount);

        Assert.Equal(seeded.Id, listed.GetProperty("id").GetString());
        Assert.Equal(("198.51.100.128/25", Demo.OtherAccount, "2024-02-01T09:00:00Z"),
            (listed.GetProperty("cidr").GetString(), listed.GetProperty("delegated_account_id").GetString(), listed.GetProperty("created_at").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", map);
        (await Api.As(Credentials.OtherWriteToken).PostJsonAsync(CloudflareClient.Maps(Demo.OtherAccount), new { ips = new[] { "198.51.100.1" } })).AssertError(HttpStatusCode.BadRequest, 1007);
    }

    [Covers("emulator-get-state", "emulator-put-state", Create)]
    [Fact]
    public async Task Delegations_are_in_the_state_document_and_come_back_from_it()
    {
        var made = await DelegateAsync("203.0.113.128/25", Demo.OtherAccount);
        var state = await ControlPlane.ControlPlaneClient.RawAsync(Api.Http, "/_emulator/state");
        (await Api.DeleteAsync(Delegations() + "/" + made.GetProperty("id").GetString())).AssertOk();

        (await ControlPlane.ControlPlaneClient.SendAsync(Api.Http, HttpMethod.Put, "/_emulator/state", state)).AssertOk();

        var prefix = JsonDocument.Parse(state).RootElement.GetProperty("accounts").EnumerateArray()
            .SelectMany(a => a.GetProperty("prefixes").EnumerateArray()).Single(p => p.GetProperty("id").GetString() == Demo.DemoPrefix);
        var seeded = Assert.Single(prefix.GetProperty("delegations").EnumerateArray());
        Assert.Equal(made.GetProperty("id").GetString(), seeded.GetProperty("id").GetString());
        Assert.Equal(Demo.OtherAccount, seeded.GetProperty("delegated_account_id").GetString());
        Assert.Equal(made.GetRawText(), Assert.Single((await Api.GetAsync(Delegations())).AssertOk().Result.EnumerateArray()).GetRawText());
        Assert.Equal(state, await ControlPlane.ControlPlaneClient.RawAsync(Api.Http, "/_emulator/state"));
    }
}
