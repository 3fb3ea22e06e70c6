namespace AddressMaps.Tests.Unit;

public sealed class CredentialParserTests
{
    // Format samples, deliberately not the demo seed's secrets: the parser only looks at their shape.
    private const string Token = "SampleParserTokenValue_NotADemoSecret-0u";
    private const string Email = "someone@example.com";
    private const string Key = "abcdef0123456789abcdef0123456789abcdb";

    [Fact]
    public void No_header_at_all_is_9106_missing_credentials()
    {
        var error = Refusal();

        Assert.Equal(9106, error.Error.Code);
        Assert.Equal(400, error.Error.HttpStatus);
        Assert.Equal("Missing X-Auth-Key, X-Auth-Email or Authorization headers", error.Message);
        Assert.Null(error.Chain);
    }

    [Fact]
    public void Empty_headers_count_as_absent()
    {
        Assert.Equal(9106, Refusal(authorization: "", email: "", key: "").Error.Code);
    }

    [Fact]
    public void A_bearer_header_yields_the_token()
    {
        var credential = CredentialParser.Parse("Bearer " + Token, default, default);

        Assert.Equal(new BearerCredential(Token), credential);
    }

    [Fact]
    public void An_email_and_key_pair_yields_a_global_key_with_the_email_lower_cased()
    {
        var credential = CredentialParser.Parse(default, "Someone@Example.COM", Key);

        Assert.Equal(new GlobalKeyCredential(Email, Key), credential);
    }

    [Theory]
    [InlineData("Bearer SampleParserTokenValue_NotADemoSecret-0")] // 39 characters
    [InlineData("Bearer SampleParserTokenValue_NotADemoSecret-0uu")] // 41 characters
    [InlineData("Bearer SampleParserTokenValue.NotADemoSecret-0u")] // '.' is not in the alphabet
    [InlineData("Bearer SampleParserTokenValue+NotADemoSecret-0=")] // base64 padding is not either
    [InlineData("SampleParserTokenValue_NotADemoSecret-0u")] // no scheme
    [InlineData("Basic SampleParserTokenValue_NotADemoSecret-0u")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer SampleParserTokenValue_NotADemoSecret-0u extra")]
    public void A_malformed_authorization_header_is_6003_with_6111_in_the_chain(string authorization)
    {
        var error = Refusal(authorization: authorization);

        Assert.Equal(6003, error.Error.Code);
        Assert.Equal(400, error.Error.HttpStatus);
        Assert.Equal("Invalid request headers", error.Message);
        var link = Assert.Single(error.Chain!);
        Assert.Equal(new ApiErrorItem(6111, "Invalid format for Authorization header"), link);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("demo@")]
    [InlineData("@example.com")]
    [InlineData("demo@example")]
    [InlineData("demo user@example.com")]
    [InlineData("demo@-example.com")]
    [InlineData("demo@@example.com")]
    public void A_malformed_email_is_6003_with_6102_in_the_chain(string email)
    {
        var error = Refusal(email: email, key: Key);

        Assert.Equal(6003, error.Error.Code);
        Assert.Equal([new ApiErrorItem(6102, "Invalid format for X-Auth-Email header")], error.Chain);
    }

    [Theory]
    [InlineData("abcdef0123456789abcdef0123456789abcd")] // 36
    [InlineData("abcdef0123456789abcdef0123456789abcdbb")] // 38
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDB")] // upper case
    [InlineData("gbcdef0123456789abcdef0123456789abcdb")] // not hex
    [InlineData("SampleParserTokenValue_NotADemoSecret-0u")] // a token sent as a key
    public void A_malformed_key_is_6003_with_6103_in_the_chain(string key)
    {
        var error = Refusal(email: Email, key: key);

        Assert.Equal(6003, error.Error.Code);
        Assert.Equal([new ApiErrorItem(6103, "Invalid format for X-Auth-Key header")], error.Chain);
    }

    [Fact]
    public void An_email_without_a_key_names_the_missing_key()
    {
        Assert.Equal([6103], Refusal(email: Email).Chain!.Select(c => c.Code));
    }

    [Fact]
    public void A_key_without_an_email_names_the_missing_email()
    {
        Assert.Equal([6102], Refusal(key: Key).Chain!.Select(c => c.Code));
    }

    [Fact]
    public void Both_halves_malformed_are_named_email_first()
    {
        Assert.Equal([6102, 6103], Refusal(email: "nobody", key: "short").Chain!.Select(c => c.Code));
    }

    [Fact]
    public void An_authorization_header_takes_precedence_over_a_malformed_key_pair()
    {
        var credential = CredentialParser.Parse("Bearer " + Token, "not an email", "not a key");

        Assert.Equal(new BearerCredential(Token), credential);
    }

    [Fact]
    public void A_malformed_authorization_header_is_refused_even_beside_a_valid_key_pair()
    {
        var error = Refusal(authorization: "Bearer nope", email: Email, key: Key);

        Assert.Equal([6111], error.Chain!.Select(c => c.Code));
    }

    [Fact]
    public void An_empty_authorization_header_leaves_the_key_pair_in_charge()
    {
        var credential = CredentialParser.Parse("", Email, Key);

        Assert.Equal(new GlobalKeyCredential(Email, Key), credential);
    }

    [Theory]
    [InlineData("Bearer " + Token, Token)]
    [InlineData("Bearer   " + Token, Token)]
    [InlineData("  Bearer " + Token + "  ", Token)]
    [InlineData("Bearer ____________________--------------------", "____________________--------------------")]
    [InlineData("Bearer ____________________---------------------", null)]
    [InlineData("Bearer\t" + Token, null)]
    public void BearerToken_accepts_exactly_40_characters_of_the_token_alphabet(string header, string? expected)
    {
        Assert.Equal(expected, CredentialParser.BearerToken(header));
    }

    [Theory]
    [InlineData(Key, true)]
    [InlineData("0000000000000000000000000000000000000", true)]
    [InlineData(" " + Key + " ", true)]
    [InlineData("abcdef0123456789abcdef0123456789abcd", false)]
    [InlineData("abcdef0123456789abcdef0123456789abcdbc", false)]
    [InlineData("abcdef0123456789abcdef0123456789abcdB", false)]
    [InlineData("", false)]
    public void IsValidGlobalKey_wants_37_lower_case_hex(string key, bool valid)
    {
        Assert.Equal(valid, CredentialParser.IsValidGlobalKey(key));
    }

    [Theory]
    [InlineData(Email, true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("o'brien@example.ie", true)]
    [InlineData("UPPER@EXAMPLE.COM", true)]
    [InlineData("a@b.c", true)]
    [InlineData("demo@example", false)]
    [InlineData("demo@example.com.", false)]
    [InlineData("demo@exa_mple.com", false)]
    [InlineData("demo.example.com", false)]
    [InlineData("", false)]
    public void IsValidEmail_checks_the_address_syntax(string email, bool valid)
    {
        Assert.Equal(valid, CredentialParser.IsValidEmail(email));
    }

    [Fact]
    public void IsValidEmail_refuses_an_address_longer_than_254_characters()
    {
        var label = new string('a', 60);
        var domain = $"{label}.{label}.{label}.{label}.com"; // 247 characters
        var longest = "abcdef@" + domain;
        var tooLong = "abcdefg@" + domain;

        Assert.Equal((254, 255), (longest.Length, tooLong.Length));
        Assert.True(CredentialParser.IsValidEmail(longest));
        Assert.False(CredentialParser.IsValidEmail(tooLong));
    }

    private static ApiException Refusal(string? authorization = null, string? email = null, string? key = null) =>
        Assert.Throws<ApiException>(() => CredentialParser.Parse(authorization, email, key));
}
