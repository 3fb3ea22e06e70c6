namespace AddressMaps.Tests.Http;

/// <summary>The documented examples work as they stand (issue 12): every request example, with
/// the parameter values the document shows, answers its documented 200 against the demo seed.
/// The document is read again before each step, as a user reloading Swagger UI would.</summary>
public sealed class OpenApiExamplesTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string ControlPlane = "emulator";

    /// <summary>Reads the document, fills the operation's path and query parameters with their
    /// examples, sends each body example (or none) and expects 200 with a success envelope.</summary>
    private async Task<List<ApiResponse>> ExecuteDocumentedAsync(string operationId, Credentials credentials, string document = "v1")
    {
        var (path, method, operation) = await OperationAsync(operationId, document);
        var url = path;
        var query = new List<string>();
        foreach (var parameter in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
        {
            var name = parameter.GetProperty("name").GetString()!;
            if (!parameter.TryGetProperty("example", out var example))
            {
                Assert.False(parameter.TryGetProperty("required", out var required) && required.GetBoolean(), $"{operationId}: the required parameter {name} shows no value");
                continue;
            }

            if (parameter.GetProperty("in").GetString() == "path")
            {
                url = url.Replace("{" + name + "}", example.GetString(), StringComparison.Ordinal);
            }
            else
            {
                query.Add($"{name}={Uri.EscapeDataString(example.GetString()!)}");
            }
        }

        url += query.Count > 0 ? "?" + string.Join("&", query) : "";
        var bodies = operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").GetProperty("application/json").TryGetProperty("examples", out var examples)
            ? examples.EnumerateObject().Select(e => (string?)e.Value.GetProperty("value").GetRawText()).ToList()
            : new List<string?> { null };
        var answers = new List<ApiResponse>();
        foreach (var text in bodies)
        {
            var answer = await Api.As(credentials).SendAsync(new HttpMethod(method), url, text, text is null ? null : "application/json");
            Assert.True(answer.Status == HttpStatusCode.OK && answer.Success, $"{method} {url} {text}: {(int)answer.Status} {answer.Body}");
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), $"{operationId}: 200 is not documented");
            answers.Add(answer);
        }

        return answers;
    }

    private async Task<(string Path, string Method, JsonElement Operation)> OperationAsync(string operationId, string document)
    {
        using var http = Fixture.Factory.CreateClient();
        var root = JsonDocument.Parse(await http.GetStringAsync($"/swagger/{document}/swagger.json")).RootElement.Clone();
        return root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name.ToUpperInvariant(), o.Value)))
            .Single(o => o.Item3.GetProperty("operationId").GetString() == operationId);
    }

    [Covers(Op.CreateMap, Op.ListMaps, Op.MapDetails, Op.UpdateMap, Op.AddIp, Op.RemoveIp, Op.AddZone, Op.RemoveZone, Op.AddAccount, Op.RemoveAccount, Op.DeleteMap)]
    [Fact]
    public async Task Every_documented_map_example_succeeds_as_it_stands_against_the_demo_seed_with_the_demo_token()
    {
        var token = Credentials.WriteToken;

        var created = await ExecuteDocumentedAsync(Op.CreateMap, token);
        await ExecuteDocumentedAsync(Op.ListMaps, token);
        var details = await ExecuteDocumentedAsync(Op.MapDetails, token);
        await ExecuteDocumentedAsync(Op.UpdateMap, token);
        await ExecuteDocumentedAsync(Op.AddIp, token);
        await ExecuteDocumentedAsync(Op.RemoveIp, token);
        await ExecuteDocumentedAsync(Op.AddZone, token);
        await ExecuteDocumentedAsync(Op.RemoveZone, token);
        await ExecuteDocumentedAsync(Op.AddAccount, token);
        await ExecuteDocumentedAsync(Op.RemoveAccount, token);
        await ExecuteDocumentedAsync(Op.DeleteMap, token);

        // Three create examples (the set-up page's body with example.com first), and the details
        // example named the newest map.
        Assert.Equal(3, created.Count);
        Assert.Equal(Demo.ExampleCom, created[0].Result.GetProperty("memberships")[0].GetProperty("identifier").GetString());
        Assert.Equal(created[^1].Result.GetProperty("id").GetString(), details[0].Result.GetProperty("id").GetString());
        var left = await Api.GetAsync(CloudflareClient.Maps());
        Assert.Equal(2, left.Result.GetArrayLength());
    }

    [Fact]
    public async Task The_create_example_still_succeeds_when_executed_again_and_after_a_reload_takes_the_next_free_zone()
    {
        var first = await ExecuteDocumentedAsync(Op.CreateMap, Credentials.WriteToken);
        var second = await ExecuteDocumentedAsync(Op.CreateMap, Credentials.WriteToken);

        var zones = first.Concat(second).SelectMany(a => a.Result.GetProperty("memberships").EnumerateArray())
            .Select(m => m.GetProperty("identifier").GetString()).ToList();
        Assert.Equal(2, zones.Count);
        Assert.Equal(Demo.ExampleCom, zones[0]);
        Assert.NotEqual(zones[0], zones[1]);
    }

    [Covers(Op.ListPrefixes, Op.PrefixDetails, Op.VerifyToken, Op.EffectiveMap, Op.AuditLogs)]
    [Fact]
    public async Task The_other_documented_operations_succeed_as_they_stand()
    {
        await ExecuteDocumentedAsync(Op.ListPrefixes, Credentials.WriteToken);
        var prefix = await ExecuteDocumentedAsync(Op.PrefixDetails, Credentials.WriteToken);
        await ExecuteDocumentedAsync(Op.VerifyToken, Credentials.WriteToken);
        await ExecuteDocumentedAsync(Op.EffectiveMap, Credentials.WriteToken);
        // The audit log needs Account Settings Read: the demo user's email and key have it.
        await ExecuteDocumentedAsync(Op.AuditLogs, Credentials.DemoKey);

        Assert.Equal("203.0.113.0/24", prefix[0].Result.GetProperty("cidr").GetString());
    }

    [Covers("emulator-dns-answer", "emulator-tls-default-sni", "emulator-list-accounts", "emulator-reset", "emulator-create-account", "emulator-create-snapshot", "emulator-verify-requests", "emulator-put-seed", "emulator-put-state", "emulator-create-fault", "emulator-change-clock")]
    [Fact]
    public async Task The_control_plane_examples_succeed_as_they_stand()
    {
        await ExecuteDocumentedAsync(Op.CreateMap, Credentials.WriteToken);

        var dns = await ExecuteDocumentedAsync("emulator-dns-answer", Credentials.None, ControlPlane);
        var sni = await ExecuteDocumentedAsync("emulator-tls-default-sni", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-list-accounts", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-reset", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-create-account", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-create-snapshot", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-verify-requests", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-put-seed", Credentials.None, ControlPlane);
        await ExecuteDocumentedAsync("emulator-put-state", Credentials.None, ControlPlane);
        var fault = await ExecuteDocumentedAsync("emulator-create-fault", Credentials.None, ControlPlane);
        var faulted = await Api.PostJsonAsync(CloudflareClient.Maps(), new { });
        var clock = await ExecuteDocumentedAsync("emulator-change-clock", Credentials.None, ControlPlane);
        (await Api.As(Credentials.None).SendAsync(HttpMethod.Post, "/_emulator/clock", "{\"reset\": true}", "application/json")).AssertOk();

        Assert.Equal(JsonValueKind.Object, dns[0].Result.ValueKind);
        Assert.Equal("sni.example.com", sni[0].Result.GetProperty("default_sni").GetString());
        Assert.Equal(1, fault[0].Result.GetProperty("remaining").GetInt32());
        faulted.AssertError(HttpStatusCode.ServiceUnavailable, 10002);
        Assert.Equal(JsonValueKind.Object, clock[0].Result.ValueKind);
    }
}
