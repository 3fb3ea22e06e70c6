using System.Text.Json;
using AddressMaps.Tests.Infrastructure;

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
    public async Task Every_operation_documents_the_error_envelope_and_the_catalogue_is_published()
    {
        var document = await DocumentAsync();

        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).ToList();
        Assert.All(operations, o => Assert.True(o.Value.GetProperty("responses").TryGetProperty("4XX", out _), o.Name));
        var errorEnvelope = document.GetProperty("components").GetProperty("schemas").GetProperty("ErrorEnvelope").GetProperty("properties");
        Assert.True(errorEnvelope.TryGetProperty("errors", out _));
        var description = document.GetProperty("info").GetProperty("description").GetString()!;
        Assert.All(Errors.All, e => Assert.Contains($"| {e.Code} | {e.HttpStatus} | {e.Name} |", description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var http = Fixture.Factory.CreateClient();

        var html = await http.GetStringAsync("/swagger/index.html");

        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
    }
}
