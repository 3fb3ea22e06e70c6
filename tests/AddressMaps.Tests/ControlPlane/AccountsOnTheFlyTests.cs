using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.ControlPlane;

/// <summary>EMULATOR.md §2: an isolated account per test run, made in one call.</summary>
public sealed class AccountsOnTheFlyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient Http => Api.Http;

    [Covers("emulator-create-account", Op.ListMaps, Op.CreateMap)]
    [Fact]
    public async Task A_made_account_has_the_documented_defaults_and_its_credentials_reach_it_and_nothing_else()
    {
        var response = await SendAsync(Http, HttpMethod.Post, "/_emulator/accounts", "{}");
        var made = await CreateAccountAsync(Http);

        var result = response.AssertOk().Result;
        Assert.Matches("^[0-9a-f]{32}$", result.GetProperty("account").GetProperty("id").GetString());
        Assert.Equal([$"{made.Id[..8]}-1.example", $"{made.Id[..8]}-2.example"], made.Zones.Select(z => z.Name));
        Assert.Equal(["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"],
            result.GetProperty("prefixes").EnumerateArray().Select(p => p.GetProperty("cidr").GetString()));
        Assert.Matches("^[A-Za-z0-9_-]{40}$", made.Token);
        Assert.Matches("^[0-9a-f]{37}$", made.Key);
        Assert.EndsWith($"@{made.Id}.emulator.invalid", made.Email, StringComparison.Ordinal);
        var id = await Api.As(made.TokenCredential).CreateMapAsync(new { ips = new[] { "203.0.113.7" }, memberships = new[] { new { kind = "zone", identifier = made.Zones[0].Id } } }, made.Id);
        Assert.Single((await Api.As(made.KeyCredential).GetAsync(CloudflareClient.Maps(made.Id))).AssertOk().Result.EnumerateArray(), m => m.GetProperty("id").GetString() == id);
        (await Api.As(made.TokenCredential).GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(made.KeyCredential).GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 10000);
    }

    [Covers("emulator-create-account")]
    [Fact]
    public async Task A_made_account_takes_the_names_prefixes_and_groups_it_is_given()
    {
        var made = await CreateAccountAsync(Http, new
        {
            name = "ci-run-42",
            address_maps_enabled = false,
            zones = new[] { "app.example", "api.example" },
            prefixes = new[] { "192.0.2.0/24" },
            permission_groups = new[] { "Address Maps Read" },
        });

        Assert.Equal(["app.example", "api.example"], made.Zones.Select(z => z.Name));
        (await Api.As(made.TokenCredential).GetAsync(CloudflareClient.Maps(made.Id))).AssertError(HttpStatusCode.Forbidden, 1002);
        var again = await CreateAccountAsync(Http, new { zones = new[] { "app.example" } });
        Assert.NotEqual(made.Id, again.Id); // zone names may repeat across accounts made here
    }

    [Theory]
    [InlineData("{\"zones\":[\"not a host\"]}", "not a host")]
    [InlineData("{\"prefixes\":[\"203.0.113.1/24\"]}", "203.0.113.1/24")]
    [InlineData("{\"permission_groups\":[\"Zone Edit\"]}", "Zone Edit")]
    [InlineData("{\"static_ips\":[\"999.1.1.1\"]}", "999.1.1.1")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"zones\":[\"a.example\",\"a.example\"]}", "twice")]
    public async Task An_invalid_account_request_is_2004_naming_the_problem_and_creates_nothing(string body, string named)
    {
        var before = await RawAsync(Http, "/_emulator/accounts");

        var response = await SendAsync(Http, HttpMethod.Post, "/_emulator/accounts", body);

        response.AssertError(HttpStatusCode.BadRequest, 2004);
        Assert.Contains(named, response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, await RawAsync(Http, "/_emulator/accounts"));
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_refused_with_the_envelope()
    {
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/accounts", "{\"zones\":\"app.example\"}")).AssertError(HttpStatusCode.BadRequest, 1016);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/accounts", "{nope")).AssertError(HttpStatusCode.BadRequest, 6007);
    }

    [Covers("emulator-list-accounts", "emulator-delete-account")]
    [Fact]
    public async Task Deleting_a_made_account_removes_it_with_its_maps_and_credentials_and_a_seeded_one_is_refused()
    {
        var made = await CreateAccountAsync(Http);
        await Api.As(made.TokenCredential).CreateMapAsync(new { description = "goes" }, made.Id);
        var listed = (await SendAsync(Http, HttpMethod.Get, "/_emulator/accounts")).AssertOk().Result.EnumerateArray().ToList();
        Assert.Contains(listed, a => a.GetProperty("id").GetString() == made.Id && a.GetProperty("origin").GetString() == "api");
        Assert.Contains(listed, a => a.GetProperty("id").GetString() == Demo.Account && a.GetProperty("origin").GetString() == "seed");

        (await SendAsync(Http, HttpMethod.Delete, $"/_emulator/accounts/{made.Id}")).AssertOk();

        (await SendAsync(Http, HttpMethod.Delete, $"/_emulator/accounts/{made.Id}")).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.As(made.TokenCredential).GetAsync(CloudflareClient.Maps(made.Id))).AssertError(HttpStatusCode.Forbidden, 9109);
        (await Api.As(made.KeyCredential).GetAsync(CloudflareClient.Maps(made.Id))).AssertError(HttpStatusCode.Forbidden, 9103);
        await using var db = Fixture.NewDbContext();
        Assert.DoesNotContain(db.AddressMaps, m => m.AccountId == made.Id);
        (await SendAsync(Http, HttpMethod.Delete, $"/_emulator/accounts/{Demo.Account}")).AssertError(HttpStatusCode.BadRequest, 2005);
    }

    [Covers("emulator-create-account", Op.CreateMap, Op.ListMaps)]
    [Fact]
    public async Task Ten_suites_in_parallel_on_accounts_made_for_them_never_see_each_others_maps()
    {
        var accounts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CreateAccountAsync(Fixture.Client().Http)));

        var created = await Task.WhenAll(accounts.Select(async a =>
        {
            var client = Fixture.Client(a.TokenCredential);
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await client.CreateMapAsync(new { description = "suite " + a.Id, ips = new[] { "203.0.113.10" } }, a.Id));
            }

            return ids;
        }));

        for (var i = 0; i < accounts.Length; i++)
        {
            var listed = (await Api.As(accounts[i].TokenCredential).GetAsync(CloudflareClient.Maps(accounts[i].Id))).AssertOk().Result
                .EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order().ToList();
            Assert.Equal(created[i].Order().ToList(), listed);
            var other = accounts[(i + 1) % accounts.Length];
            (await Api.As(accounts[i].TokenCredential).GetAsync(CloudflareClient.Maps(other.Id))).AssertError(HttpStatusCode.Forbidden, 10000);
        }
    }
}
