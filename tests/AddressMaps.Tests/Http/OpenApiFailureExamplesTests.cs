using AddressMaps.Api.OpenApi;

namespace AddressMaps.Tests.Http;

/// <summary>The documented failure examples are real answers (issue 12): each one is provoked
/// for real and its envelope compared with the example, byte for byte once the map id the
/// example could not know is put in. A message changed in the code and not in the example fails here.</summary>
public sealed class OpenApiFailureExamplesTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<string> ExampleAsync(string operationId, int status, string key, string document, string body)
    {
        using var http = Fixture.Factory.CreateClient();
        var root = JsonDocument.Parse(await http.GetStringAsync($"/swagger/{document}/swagger.json")).RootElement;
        var operation = root.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value))
            .Single(o => o.GetProperty("operationId").GetString() == operationId);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response),
            $"{operationId} answered {status}, which it does not document (expected the example '{key}'): {body}");
        return response
            .GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty(key).GetProperty("value").GetRawText();
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private async Task AssertDocumentedAsync(string operationId, string key, ApiResponse real, string? mapId = null, string document = "v1")
    {
        var example = await ExampleAsync(operationId, (int)real.Status, key, document, real.Body);
        if (mapId is not null)
        {
            example = example.Replace(FailureExamples.UnknownMap, mapId, StringComparison.Ordinal);
        }

        Assert.Equal(Compact(example), Compact(real.Body));
    }

    [Covers(Op.CreateMap, Op.MapDetails, Op.UpdateMap, Op.DeleteMap, Op.AddIp, Op.AddZone, Op.RemoveZone, Op.AddAccount, Op.ListMaps)]
    [Fact]
    public async Task Each_documented_refusal_of_the_map_operations_is_the_answer_the_api_gives()
    {
        var token = Api.As(Credentials.WriteToken);
        var body = new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } }, enabled = true };
        var map = (await token.PostJsonAsync(CloudflareClient.Maps(), body)).AssertOk().Result.GetProperty("id").GetString()!;
        var member = (await token.PostJsonAsync(CloudflareClient.Maps(), new { memberships = new[] { new { kind = "account", identifier = Demo.Account } } })).AssertOk();

        await AssertDocumentedAsync(Op.CreateMap, "missing_credentials", await Api.As(Credentials.None).PostJsonAsync(CloudflareClient.Maps(), new { }));
        await AssertDocumentedAsync(Op.CreateMap, "authentication_error", await Api.As(Credentials.ReadToken).PostJsonAsync(CloudflareClient.Maps(), new { }));
        await AssertDocumentedAsync(Op.CreateMap, "invalid_token", await Api.As(Credentials.Bearer(new string('x', 40))).PostJsonAsync(CloudflareClient.Maps(), new { }));
        await AssertDocumentedAsync(Op.CreateMap, "zone_on_another_map", await token.PostJsonAsync(CloudflareClient.Maps(), body));
        await AssertDocumentedAsync(Op.CreateMap, "ip_not_owned", await token.PostJsonAsync(CloudflareClient.Maps(), new { ips = new[] { "192.0.2.10" } }));
        await AssertDocumentedAsync(Op.CreateMap, "too_large", await token.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), new string(' ', (1 << 20) + 1), "application/json"));
        await AssertDocumentedAsync(Op.MapDetails, "map", await token.GetAsync(CloudflareClient.Map(FailureExamples.UnknownMap)));
        await AssertDocumentedAsync(Op.UpdateMap, "invalid_default_sni", await token.PatchJsonAsync(CloudflareClient.Map(map), new { default_sni = "not a hostname" }));
        await AssertDocumentedAsync(Op.DeleteMap, "enabled", await token.DeleteAsync(CloudflareClient.Map(map)), map);
        await AssertDocumentedAsync(Op.AddIp, "ip_not_owned", await token.PutAsync(CloudflareClient.Map(map) + "/ips/192.0.2.10"));
        await AssertDocumentedAsync(Op.AddZone, "zone_on_another_map", await token.PutAsync(CloudflareClient.Map(member.Result.GetProperty("id").GetString()!) + "/zones/" + Demo.ExampleCom));
        await AssertDocumentedAsync(Op.RemoveZone, "not_member", await token.DeleteAsync(CloudflareClient.Map(map) + "/zones/" + Demo.ExampleNet), map);
        await AssertDocumentedAsync(Op.AddAccount, "account_on_another_map", await token.PutAsync(CloudflareClient.Map(map) + "/accounts/" + Demo.Account));
        await AssertDocumentedAsync(Op.ListMaps, "invalid_cidr", await token.GetAsync(CloudflareClient.Maps() + "?cidr=203.0.113.1/24"));
    }

    [Covers(Op.PrefixDetails, Op.EffectiveMap)]
    [Fact]
    public async Task The_documented_not_found_answers_of_prefixes_and_the_effective_map_are_the_real_ones()
    {
        var token = Api.As(Credentials.WriteToken);

        await AssertDocumentedAsync(Op.PrefixDetails, "prefix", await token.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/prefixes/{FailureExamples.UnknownMap}"));
        await AssertDocumentedAsync(Op.EffectiveMap, "zone", await token.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.Account}/addressing/emulator/zones/{FailureExamples.UnknownMap}/effective_address_map"));
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task The_documented_rate_limit_answer_is_the_real_one()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["AddressMaps:RateLimit:Enabled"] = "true",
            ["AddressMaps:RateLimit:Requests"] = "1",
        });
        await ControlPlane.ControlPlaneClient.FreezeClockAsync(Api.Http, RateLimitTests.MidWindow, host);
        var api = new CloudflareClient(host.CreateClient(), Credentials.StaticWriteToken);
        (await api.GetAsync(CloudflareClient.Maps(Demo.StaticAccount))).AssertOk();

        await AssertDocumentedAsync(Op.ListMaps, "rate_limited", await api.GetAsync(CloudflareClient.Maps(Demo.StaticAccount)));
    }

    [Covers("emulator-reset")]
    [Fact]
    public async Task The_documented_refusals_of_the_control_plane_are_the_real_ones()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:AdminToken"] = "admin-token" });
        var api = new CloudflareClient(host.CreateClient(), Credentials.None);

        await AssertDocumentedAsync("emulator-reset", "admin_token_required", await api.SendAsync(HttpMethod.Post, "/_emulator/reset"), document: "emulator");
        await AssertDocumentedAsync("emulator-reset", "admin_token_invalid", await api.As(Credentials.Bearer("wrong-admin-token")).SendAsync(HttpMethod.Post, "/_emulator/reset"), document: "emulator");
    }

    [Covers("emulator-dns-answer", "emulator-tls-default-sni", "emulator-change-clock", "emulator-create-snapshot", "emulator-restore-snapshot", "emulator-delete-fault", "emulator-delete-account")]
    [Fact]
    public async Task The_documented_bad_input_and_unknown_names_of_the_control_plane_are_the_real_answers()
    {
        var api = Api.As(Credentials.None);
        const string doc = "emulator";

        await AssertDocumentedAsync("emulator-dns-answer", "no_name", await api.GetAsync("/_emulator/dns"), document: doc);
        await AssertDocumentedAsync("emulator-tls-default-sni", "no_ip", await api.GetAsync("/_emulator/tls/default-sni"), document: doc);
        await AssertDocumentedAsync("emulator-tls-default-sni", "no_default_sni", await api.GetAsync("/_emulator/tls/default-sni?ip=192.0.0.1"), document: doc);
        await AssertDocumentedAsync("emulator-change-clock", "not_one_change", await api.SendAsync(HttpMethod.Post, "/_emulator/clock", "{}", "application/json"), document: doc);
        await AssertDocumentedAsync("emulator-change-clock", "malformed_json", await api.SendAsync(HttpMethod.Post, "/_emulator/clock", "{not json", "application/json"), document: doc);
        await AssertDocumentedAsync("emulator-create-snapshot", "no_name", await api.SendAsync(HttpMethod.Post, "/_emulator/snapshots", "{}", "application/json"), document: doc);
        await AssertDocumentedAsync("emulator-restore-snapshot", "snapshot", await api.SendAsync(HttpMethod.Post, "/_emulator/snapshots/before-my-test/restore"), document: doc);
        await AssertDocumentedAsync("emulator-delete-fault", "fault", await api.DeleteAsync("/_emulator/faults/" + FailureExamples.UnknownMap), document: doc);
        await AssertDocumentedAsync("emulator-delete-account", "account", await api.DeleteAsync("/_emulator/accounts/" + FailureExamples.UnknownMap), document: doc);
    }
}
