namespace AddressMaps.Api.Auth;

public enum AuthMode
{
    /// <summary>Everything is checked: formats, credentials, permission groups, account scope.</summary>
    Strict,

    /// <summary>Any well-formed credential may do anything on any account (shapes only).</summary>
    Lenient,
}
