using System.Net.Http.Headers;

namespace AddressMaps.Tests.Reliability;

/// <summary>Issue 7, defects 3 and 4, and the body limits: bodies the API cannot store or parse get
/// a 4xx envelope that names the problem, and nothing is written.</summary>
public sealed class HostileBodyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static async Task<ApiResponse> SendBytesAsync(HttpClient http, HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Demo.WriteToken);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
    }

    private static byte[] InvalidUtf8InKey() => [.. "{\"desc"u8, 0xff, .. "ription\":\"x\"}"u8];

    /// <summary>A refused create left nothing behind (the demo account starts with no map).</summary>
    private async Task AssertNoMapOnTheDemoAccountAsync()
    {
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.AddressMaps.CountAsync(m => m.AccountId == Demo.Account));
    }

    /// <summary>A refused patch left the map as it was.</summary>
    private async Task AssertDescriptionAsync(string mapId, string expected) =>
        Assert.Equal(expected, (await Api.GetAsync(CloudflareClient.Map(mapId))).Result.GetProperty("description").GetString());

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Invalid_utf8_inside_a_key_of_a_create_body_is_malformed_json()
    {
        var response = await SendBytesAsync(Api.Http, HttpMethod.Post, CloudflareClient.Maps(), InvalidUtf8InKey());

        response.AssertError(HttpStatusCode.BadRequest, 6007);
        Assert.Contains("UTF-8", response.FirstErrorMessage, StringComparison.Ordinal);
        await AssertNoMapOnTheDemoAccountAsync();
    }

    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task Invalid_utf8_inside_a_key_or_a_value_of_a_patch_body_is_malformed_json()
    {
        var id = await Api.CreateMapAsync(new { description = "before" });
        byte[] inValue = [.. "{\"description\":\"a"u8, 0xc3, .. "\"}"u8];

        (await SendBytesAsync(Api.Http, HttpMethod.Patch, CloudflareClient.Map(id), InvalidUtf8InKey())).AssertError(HttpStatusCode.BadRequest, 6007);
        (await SendBytesAsync(Api.Http, HttpMethod.Patch, CloudflareClient.Map(id), inValue)).AssertError(HttpStatusCode.BadRequest, 6007);

        await AssertDescriptionAsync(id, "before");
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task A_nul_character_in_the_description_of_a_create_is_refused_by_name_and_nothing_is_created()
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new { description = "a\u0000b" });

        response.AssertError(HttpStatusCode.BadRequest, 1016);
        Assert.Contains("description", response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Contains("U+0000", response.FirstErrorMessage, StringComparison.Ordinal);
        await AssertNoMapOnTheDemoAccountAsync();
    }

    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task A_nul_character_in_the_description_of_a_patch_is_refused_by_name_and_the_map_is_unchanged()
    {
        var id = await Api.CreateMapAsync(new { description = "before" });

        var response = await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "\u0000" });

        response.AssertError(HttpStatusCode.BadRequest, 1016);
        Assert.Contains("description", response.FirstErrorMessage, StringComparison.Ordinal);
        await AssertDescriptionAsync(id, "before");
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task A_create_body_over_one_mebibyte_answers_413_with_its_own_code()
    {
        var big = System.Text.Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', (1024 * 1024) + 10) + "\"}");

        var response = await SendBytesAsync(Api.Http, HttpMethod.Post, CloudflareClient.Maps(), big);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, 1019);
    }

    [Covers(Op.CreateMap, Op.AddIp)]
    [Fact]
    public async Task A_sub_resource_put_with_a_body_over_one_mebibyte_answers_413_and_adds_nothing()
    {
        var id = await Api.CreateMapAsync();

        var response = await SendBytesAsync(Api.Http, HttpMethod.Put, $"{CloudflareClient.Map(id)}/ips/203.0.113.5", new byte[2 * 1024 * 1024]);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, 1019);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("ips").EnumerateArray());
    }
}
