namespace AddressMaps.Tests.Http;

public sealed class DefaultSniTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("api.shop.example", "api.shop.example")]
    [InlineData("*.deep.blog.example", "*.deep.blog.example")]
    [InlineData("Example.NET", "example.net")]
    public async Task A_zone_of_the_account_or_a_subdomain_is_accepted(string sni, string stored)
    {
        var create = await Api.PostJsonAsync(CloudflareClient.Maps(), new { default_sni = sni });
        var id = create.AssertOk().Result.GetProperty("id").GetString()!;
        var patch = await Api.PatchJsonAsync(CloudflareClient.Map(id), new { default_sni = sni });

        Assert.Equal(stored, create.Result.GetProperty("default_sni").GetString());
        Assert.Equal(stored, patch.AssertOk().Result.GetProperty("default_sni").GetString());
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.MapDetails)]
    [Theory]
    [InlineData("not a host")]
    [InlineData("")]
    [InlineData("*.")]
    [InlineData("*")]
    [InlineData("-bad.example.com")]
    [InlineData("a..example.com")]
    [InlineData("foo.*.example.com")]
    [InlineData("203.0.113.1")]
    public async Task An_invalid_hostname_is_400_naming_it(string sni)
    {
        var id = await Api.CreateMapAsync(new { default_sni = "example.com" });

        var create = await Api.PostJsonAsync(CloudflareClient.Maps(), new { default_sni = sni });
        var patch = await Api.PatchJsonAsync(CloudflareClient.Map(id), new { default_sni = sni });

        Assert.True(create.ErrorCodes.SequenceEqual([1014]) || create.ErrorCodes.SequenceEqual([1015]), create.Body);
        Assert.Equal(HttpStatusCode.BadRequest, create.Status);
        Assert.Equal(create.ErrorCodes, patch.ErrorCodes);
        Assert.Contains($"'{sni}'", create.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Equal("example.com", (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("default_sni").GetString());
    }

    [Covers(Op.CreateMap)]
    [Theory]
    [InlineData("example.org")] // Other BYOIP's zone
    [InlineData("notexample.com")]
    [InlineData("example.com.evil.test")]
    public async Task A_hostname_outside_the_accounts_zones_is_refused(string sni)
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new { default_sni = sni });

        response.AssertError(HttpStatusCode.BadRequest, 1015);
        Assert.Contains(sni, response.FirstErrorMessage, StringComparison.Ordinal);
    }
}
