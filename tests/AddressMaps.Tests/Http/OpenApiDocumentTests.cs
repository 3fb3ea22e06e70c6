using Npgsql;

namespace AddressMaps.Tests.Http;

public sealed class OpenApiDocumentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var http = Fixture.Factory.CreateClient();
        var text = await http.GetStringAsync("/swagger/v1/swagger.json");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Lists_every_operation_of_cloudflares_description_under_its_operation_id()
    {
        Assert.True(Fixture.Schema.Available, "the shared OpenAPI description is needed for this comparison");
        var document = await DocumentAsync();

        var ours = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value.GetProperty("operationId").GetString()))
            .ToHashSet();

        Assert.All(Fixture.Schema.OperationIds, id => Assert.Contains(id, ours));
    }

    [Fact]
    public async Task Schemas_use_snake_case_property_names()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var summary = schemas.GetProperty("AddressMapSummary").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        var create = schemas.GetProperty("CreateAddressMapRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("can_modify_ips", summary);
        Assert.Contains("modified_at", summary);
        Assert.Contains("default_sni", create);
        Assert.All(summary.Concat(create), name => Assert.Equal(name.ToLowerInvariant(), name));
    }

    [Fact]
    public async Task Every_operation_documents_each_status_it_can_answer_with_a_failure_envelope_of_that_status()
    {
        var document = await DocumentAsync();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Operation: o.Value))).ToList();

        Assert.All(operations, o =>
        {
            var responses = o.Operation.GetProperty("responses");
            var id = o.Operation.GetProperty("operationId").GetString();
            var expected = new List<string> { "200", "400", "403", "413", "429", "500", "503" };
            if (o.Path.Contains("{address_map_id}", StringComparison.Ordinal) || o.Path.Contains("{prefix_id}", StringComparison.Ordinal))
            {
                expected.Add("404");
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal), responses.EnumerateObject().Select(r => r.Name).Intersect(expected));
            Assert.False(responses.TryGetProperty("4XX", out _), id);
            foreach (var status in expected.Skip(1))
            {
                var examples = responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject().ToList();
                Assert.NotEmpty(examples);
                Assert.All(examples, e =>
                {
                    var value = e.Value.GetProperty("value");
                    Assert.False(value.GetProperty("success").GetBoolean(), $"{id} {status} {e.Name}");
                    Assert.Equal(JsonValueKind.Null, value.GetProperty("result").ValueKind);
                    var code = value.GetProperty("errors")[0].GetProperty("code").GetInt32();
                    Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Errors.All.Single(x => x.Code == code).HttpStatus);
                });
            }
        });
    }

    [Fact]
    public async Task The_error_catalogue_is_published_folded_below_a_short_introduction()
    {
        var description = (await DocumentAsync()).GetProperty("info").GetProperty("description").GetString()!;

        var folded = description.IndexOf("<details id=\"error-catalogue\">", StringComparison.Ordinal);
        Assert.InRange(folded, 1, 1200);
        Assert.DoesNotContain("<details id=\"error-catalogue\" open", description, StringComparison.Ordinal);
        Assert.All(Errors.All, e => Assert.Contains($"<tr><td>{e.Code}</td><td>{e.HttpStatus}</td><td>{e.Name}</td>", description[folded..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_demo_seed_the_schemes_name_the_demo_credentials_and_every_id_parameter_shows_a_demo_value()
    {
        await Api.CreateMapAsync(new { description = "so that address_map_id has a value" });
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Contains(Demo.WriteToken, schemes.GetProperty("api_token").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(Demo.Email, schemes.GetProperty("api_email").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(Demo.GlobalKey, schemes.GetProperty("api_key").GetProperty("description").GetString(), StringComparison.Ordinal);
        var parameters = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .SelectMany(o => o.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default).Where(p => p.TryGetProperty("required", out var r) && r.GetBoolean()).ToList();
        Assert.NotEmpty(parameters);
        Assert.All(parameters, p => Assert.Matches("^([0-9a-f]{32}|203\\.0\\.113\\.10|203\\.0\\.113\\.1)$", p.GetProperty("example").GetString()));
        Assert.All(parameters.Where(p => p.GetProperty("name").GetString() == "account_id"), p => Assert.Equal(Demo.Account, p.GetProperty("example").GetString()));
    }

    [Fact]
    public async Task With_a_users_seed_the_document_holds_no_demo_secret_and_no_demo_value()
    {
        // Its own database: a host with another seed would write that seed into the shared one.
        var database = "swagger_" + Guid.NewGuid().ToString("N")[..8];
        var connection = new NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString) { Database = database }.ConnectionString;
        await ExecuteAsync($"CREATE DATABASE {database}");
        try
        {
            await using var host = new ApiFactory(connection, new Dictionary<string, string?>
            {
                ["AddressMaps:SeedFile"] = AddressMaps.Tests.Unit.DocumentationTests.RepoFile("samples/seed.json"),
            });
            using var http = host.CreateClient();

            var text = await http.GetStringAsync("/swagger/v1/swagger.json");

            Assert.All([Demo.WriteToken, Demo.GlobalKey, Demo.Email, Demo.Account], demo => Assert.DoesNotContain(demo, text, StringComparison.Ordinal));
            var parameters = JsonDocument.Parse(text).RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
                .SelectMany(o => o.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default).ToList();
            Assert.NotEmpty(parameters);
            Assert.All(parameters, p => Assert.False(p.TryGetProperty("example", out _), p.GetProperty("name").GetString()));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_control_plane_document_needs_the_admin_token_scheme_and_documents_its_refusals()
    {
        using var http = Fixture.Factory.CreateClient();
        var document = JsonDocument.Parse(await http.GetStringAsync("/swagger/emulator/swagger.json")).RootElement;

        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToList();
        Assert.Equal(["admin_token"], schemes);
        var reset = document.GetProperty("paths").GetProperty("/_emulator/reset").GetProperty("post").GetProperty("responses");
        Assert.Equal(2001, reset.GetProperty("401").GetProperty("content").GetProperty("application/json").GetProperty("examples")
            .EnumerateObject().First().Value.GetProperty("value").GetProperty("errors")[0].GetProperty("code").GetInt32());
        Assert.All(["/_emulator/accounts", "/_emulator/faults", "/_emulator/clock", "/_emulator/requests/verify", "/_emulator/snapshots"],
            p => Assert.True(document.GetProperty("paths").GetProperty(p).GetProperty("post").TryGetProperty("requestBody", out _), p));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var http = Fixture.Factory.CreateClient();

        var html = await http.GetStringAsync("/swagger/index.html");

        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_leads_to_swagger_ui_and_only_swagger_paths_are_swaggers()
    {
        using var http = Fixture.Factory.CreateClient();

        var html = await http.GetStringAsync("/"); // "/" → "/swagger" → "/swagger/index.html"
        var near = await Api.GetAsync("/swaggerish");

        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        near.AssertError(HttpStatusCode.BadRequest, 7003); // Cloudflare's "no route"
    }
}
