namespace AddressMaps.Api.Auth;

/// <summary>Why an authentication scheme refused the request, kept for the result handler that
/// answers it (any scheme: Cloudflare's credentials, the control plane's admin token).</summary>
public static class AuthFailures
{
    private const string Key = "addressmaps.auth-failure";

    public static void Record(HttpContext context, ApiException refusal) => context.Items[Key] = refusal;

    public static ApiException? Of(HttpContext context) => context.Items[Key] as ApiException;
}
