using static AddressMaps.Tests.Auth.AddressMapOperations;

namespace AddressMaps.Tests.Auth;

/// <summary>Each demo identity of the seed does what it may and is refused what it may not.</summary>
public sealed class DemoIdentityTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Every valid demo identity, by name, with the one account it reaches.</summary>
    public static readonly IReadOnlyDictionary<string, (Credentials Credentials, string Account)> Identities = new Dictionary<string, (Credentials, string)>
    {
        ["demo user key"] = (Credentials.DemoKey, Demo.Account),
        ["Demo write token"] = (Credentials.WriteToken, Demo.Account),
        ["Demo read token"] = (Credentials.ReadToken, Demo.Account),
        ["Other write token"] = (Credentials.OtherWriteToken, Demo.OtherAccount),
        ["Static write token"] = (Credentials.StaticWriteToken, Demo.StaticAccount),
        ["No add-on write token"] = (Credentials.NoAddOnWriteToken, Demo.NoAddOnAccount),
    };

    private static readonly string[] Accounts = [Demo.Account, Demo.OtherAccount, Demo.StaticAccount, Demo.NoAddOnAccount, OperationTarget.NoSuchId];

    public static TheoryData<string, string> IdentityAndForeignAccount()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, identity) in Identities)
        {
            foreach (var account in Accounts.Where(a => a != identity.Account))
            {
                data.Add(name, account);
            }
        }

        return data;
    }

    public static TheoryData<string> AddressMapCalls() => [.. MapOperations, "effective-map"];

    [Theory]
    [InlineData("demo user key")]
    [InlineData("Demo write token")]
    public async Task May_run_every_operation_on_Demo_BYOIP(string identity)
    {
        var api = Api.As(Identities[identity].Credentials);

        var created = (await api.PostJsonAsync(CloudflareClient.Maps(), new { description = "by " + identity, ips = new[] { "203.0.113.5" } })).AssertOk();
        var id = created.Result.GetProperty("id").GetString()!;
        var map = CloudflareClient.Map(id);
        (await api.GetAsync(CloudflareClient.Maps())).AssertOk();
        (await api.GetAsync(map)).AssertOk();
        (await api.PatchJsonAsync(map, new { description = "edited", default_sni = "*.example.com" })).AssertOk();
        (await api.PutAsync($"{map}/ips/2001:db8::5")).AssertOk();
        (await api.DeleteAsync($"{map}/ips/203.0.113.5")).AssertOk();
        (await api.PutAsync($"{map}/zones/{Demo.ExampleCom}")).AssertOk();
        (await api.DeleteAsync($"{map}/zones/{Demo.ExampleCom}")).AssertOk();
        (await api.PutAsync($"{map}/accounts/{Demo.Account}")).AssertOk();
        (await api.DeleteAsync($"{map}/accounts/{Demo.Account}")).AssertOk();
        var prefixes = (await api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/prefixes")).AssertOk();
        (await api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/prefixes/{Demo.DemoPrefix}")).AssertOk();
        (await api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/emulator/zones/{Demo.ExampleCom}/effective_address_map")).AssertOk();
        (await api.DeleteAsync(map)).AssertOk();

        Assert.Contains(prefixes.Result.EnumerateArray(), p => p.GetProperty("id").GetString() == Demo.DemoPrefix);
        (await api.GetAsync(map)).AssertError(HttpStatusCode.NotFound, 1000);
    }

    [Fact]
    public async Task The_read_token_may_list_and_read_maps_on_Demo_BYOIP()
    {
        var id = await Api.CreateMapAsync(new { description = "readable", ips = new[] { "203.0.113.6" } });
        var reader = Api.As(Credentials.ReadToken);

        var list = (await reader.GetAsync(CloudflareClient.Maps())).AssertOk();
        var details = (await reader.GetAsync(CloudflareClient.Map(id))).AssertOk();

        Assert.Equal([id], list.Result.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("readable", details.Result.GetProperty("description").GetString());
        (await reader.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/emulator/zones/{Demo.ExampleCom}/effective_address_map")).AssertOk();
    }

    public static readonly TheoryData<string, string, string> TokensWithoutPrefixGroup = new()
    {
        { "Demo read token", Demo.Account, Demo.DemoPrefix },
        { "Other write token", Demo.OtherAccount, Demo.OtherPrefix },
    };

    [Theory]
    [MemberData(nameof(TokensWithoutPrefixGroup))]
    public async Task A_token_without_an_IP_Prefixes_group_is_refused_prefix_reads_on_its_own_account(string identity, string account, string prefix)
    {
        var api = Api.As(Identities[identity].Credentials);

        (await api.GetAsync($"{CloudflareClient.Base}/accounts/{account}/addressing/prefixes")).AssertError(HttpStatusCode.Forbidden, 10000);
        (await api.GetAsync($"{CloudflareClient.Base}/accounts/{account}/addressing/prefixes/{prefix}")).AssertError(HttpStatusCode.Forbidden, 10000);
    }

    [Fact]
    public async Task The_Other_write_token_may_manage_maps_on_Other_BYOIP()
    {
        var api = Api.As(Credentials.OtherWriteToken);
        var managed = CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount);

        var list = (await api.GetAsync(CloudflareClient.Maps(Demo.OtherAccount))).AssertOk();
        (await api.PatchJsonAsync(managed, new { description = "renamed by its owner" })).AssertOk();
        var created = (await api.PostJsonAsync(CloudflareClient.Maps(Demo.OtherAccount), new
        {
            ips = new[] { "192.0.2.20" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleOrg } },
        })).AssertOk();
        var id = created.Result.GetProperty("id").GetString()!;
        (await api.PutAsync($"{CloudflareClient.Map(id, Demo.OtherAccount)}/ips/192.0.2.21")).AssertOk();
        (await api.DeleteAsync(CloudflareClient.Map(id, Demo.OtherAccount))).AssertOk();

        Assert.Equal([Demo.OtherImmutableMap], list.Result.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("renamed by its owner", (await api.GetAsync(managed)).AssertOk().Result.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_Static_write_token_may_edit_its_managed_map_but_not_its_ips()
    {
        var api = Api.As(Credentials.StaticWriteToken);
        var managed = CloudflareClient.Map(Demo.StaticManagedMap, Demo.StaticAccount);

        var list = (await api.GetAsync(CloudflareClient.Maps(Demo.StaticAccount))).AssertOk();
        (await api.PatchJsonAsync(managed, new { description = "static, renamed", default_sni = "static.example" })).AssertOk();
        (await api.PutAsync($"{managed}/zones/{Demo.StaticExample}")).AssertOk();
        var addIp = await api.PutAsync($"{managed}/ips/198.18.10.3");

        Assert.Equal([Demo.StaticManagedMap], list.Result.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        addIp.AssertError(HttpStatusCode.BadRequest, 1005);
        var map = (await api.GetAsync(managed)).AssertOk().Result;
        Assert.Equal("static, renamed", map.GetProperty("description").GetString());
        Assert.Equal(Demo.StaticExample, map.GetProperty("memberships")[0].GetProperty("identifier").GetString());
    }

    [Theory]
    [MemberData(nameof(AddressMapCalls))]
    public async Task The_No_add_on_write_token_gets_403_code_1002_on_every_address_map_call(string operation)
    {
        var api = Api.As(Credentials.NoAddOnWriteToken);

        var response = operation == "effective-map"
            ? await api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.NoAddOnAccount}/addressing/emulator/zones/{Demo.NoAddOnZone}/effective_address_map")
            : await api.SendAsync(operation, new OperationTarget(Demo.NoAddOnAccount, Zone: Demo.NoAddOnZone));

        response.AssertError(HttpStatusCode.Forbidden, 1002);
        Assert.Equal($"address_maps_not_enabled_on_account: account {Demo.NoAddOnAccount} does not have the Address Maps add-on", response.FirstErrorMessage);
    }

    [Fact]
    public async Task The_No_add_on_write_token_is_refused_prefix_reads_for_want_of_the_group()
    {
        var response = await Api.As(Credentials.NoAddOnWriteToken).SendAsync(PrefixList, new OperationTarget(Demo.NoAddOnAccount));

        response.AssertError(HttpStatusCode.Forbidden, 10000);
    }

    [Fact]
    public async Task The_expired_token_is_refused_everywhere_with_9109()
    {
        var api = Api.As(Credentials.ExpiredToken);

        (await api.GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 9109);
        (await api.PostJsonAsync(CloudflareClient.Maps(), new { })).AssertError(HttpStatusCode.Forbidden, 9109);
        (await api.GetAsync(CloudflareClient.Maps(Demo.OtherAccount))).AssertError(HttpStatusCode.Forbidden, 9109);
        Assert.Equal("[]", (await Api.GetAsync(CloudflareClient.Maps())).AssertOk().Result.GetRawText());
    }

    [Theory]
    [MemberData(nameof(IdentityAndForeignAccount))]
    public async Task Every_identity_is_refused_with_10000_on_an_account_outside_its_reach(string identity, string account)
    {
        var api = Api.As(Identities[identity].Credentials);

        (await api.GetAsync(CloudflareClient.Maps(account))).AssertError(HttpStatusCode.Forbidden, 10000);
        (await api.PostJsonAsync(CloudflareClient.Maps(account), new { description = "intruder" })).AssertError(HttpStatusCode.Forbidden, 10000);

        using var db = Fixture.NewDbContext();
        Assert.False(db.AddressMaps.Any(m => m.Description == "intruder"));
    }
}
