namespace AddressMaps.Api.Tokens;

/// <summary>GET /user/tokens/verify, which SDKs and Terraform call to check a token.</summary>
public sealed class TokensApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.ClientV4 + "/user/tokens").WithTags("User API Tokens");
        group.MapGet("/verify", Verify).WithOperation("user-api-tokens-verify-token", "Verify Token").RequireApiToken();
    }

    public void AddServices(IServiceCollection services) => services.AddWireTypes(TokensJsonContext.Default);

    public static Ok<Envelope<TokenVerifyResponse>> Verify(HttpContext http)
    {
        // The authentication scheme has verified the token (9109 otherwise) before this runs.
        var caller = Caller.Of(http.User)!;
        var result = new TokenVerifyResponse(
            caller.Id,
            "active",
            caller.ExpiresOn is { } e ? Text.Timestamp(e) : null,
            caller.NotBefore is { } n ? Text.Timestamp(n) : null);
        var envelope = new Envelope<TokenVerifyResponse>([], [new ResponseMessage(10000, "This API Token is valid and active")], result, true);
        return TypedResults.Ok(envelope);
    }
}
