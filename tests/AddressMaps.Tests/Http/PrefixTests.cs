namespace AddressMaps.Tests.Http;

/// <summary>The two read-only BYOIP prefix operations (CONTRACT §4): which IPs an account owns.</summary>
public sealed class PrefixTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static string Prefixes(string? account = null) => $"{CloudflareClient.Base}/accounts/{account ?? Demo.Account}/addressing/prefixes";

    [Covers(Op.ListPrefixes)]
    [Fact]
    public async Task List_returns_the_accounts_prefixes_in_creation_order_shaped_as_the_spec_says()
    {
        var response = (await Api.GetAsync(Prefixes())).AssertOk();

        var items = response.Result.EnumerateArray().ToList();
        Assert.Equal(
            ["192.0.0.0/24", "198.51.100.0/24", "2001:db8::/32", "203.0.113.0/24"],
            items.Select(p => p.GetProperty("cidr").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            items.OrderBy(p => p.GetProperty("created_at").GetString(), StringComparer.Ordinal).ThenBy(p => p.GetProperty("id").GetString(), StringComparer.Ordinal).Select(p => p.GetProperty("id").GetString()),
            items.Select(p => p.GetProperty("id").GetString()));
        Assert.All(items, p =>
        {
            Assert.Equal(Demo.Account, p.GetProperty("account_id").GetString());
            Assert.Equal("V", p.GetProperty("approved").GetString());
            Assert.Equal("success", p.GetProperty("ownership_validation_state").GetString());
            // A string in the spec, never null: left out when there is none.
            Assert.False(p.TryGetProperty("ownership_validation_token", out _));
        });
        Assert.False(response.Json.TryGetProperty("result_info", out _));
    }

    [Covers(Op.ListPrefixes, Op.PrefixDetails)]
    [Fact]
    public async Task Details_return_the_same_object_as_the_list_item()
    {
        var listed = (await Api.GetAsync(Prefixes())).AssertOk().Result.EnumerateArray().ToList();

        foreach (var item in listed)
        {
            var details = (await Api.GetAsync($"{Prefixes()}/{item.GetProperty("id").GetString()}")).AssertOk().Result;
            Assert.Equal(item.GetRawText(), details.GetRawText());
        }
    }

    [Covers(Op.PrefixDetails)]
    [Fact]
    public async Task Details_of_an_unknown_prefix_or_one_of_another_account_are_404_code_1000()
    {
        var unknown = await Api.GetAsync($"{Prefixes()}/0123456789abcdef0123456789abcdef");
        var others = await Api.GetAsync($"{Prefixes()}/{Demo.OtherPrefix}");

        unknown.AssertError(HttpStatusCode.NotFound, 1000);
        others.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Contains(Demo.OtherPrefix, others.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.ListPrefixes)]
    [Fact]
    public async Task A_token_without_an_ip_prefixes_group_is_refused_with_10000()
    {
        var response = await Api.As(Credentials.ReadToken).GetAsync(Prefixes());

        response.AssertError(HttpStatusCode.Forbidden, 10000);
        Assert.Equal(JsonValueKind.Null, response.Result.ValueKind);
    }
}
