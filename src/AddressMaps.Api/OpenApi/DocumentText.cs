using System.Text;

namespace AddressMaps.Api.OpenApi;

/// <summary>The documents' descriptions: a few lines on how to call, then the error catalogue
/// (generated from <see cref="Errors.All"/>) folded away in a collapsed section, so that Swagger
/// UI opens on the operations.</summary>
public static class DocumentText
{
    public static string Cloudflare(DemoValues? demo)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Stateful emulator of Cloudflare's Address Maps API. Every answer is Cloudflare's envelope.");
        sb.AppendLine();
        sb.AppendLine(demo is null
            ? "**Authorize** with a credential of your seed (an API token, or an email and global API key), then *Try it out* and *Execute*."
            : $"**Authorize** with the demo API token (scheme `api_token`, shown there), then *Try it out* and *Execute*: `account_id` and the other ids are the demo seed's; `address_map_id` is the newest map of the demo account (create one first, then reload the page).");
        sb.AppendLine();
        sb.AppendLine("The emulator's own API (reset, state, journal, faults, clock, DNS) is the other definition: *AddressMaps control plane* in the selector above.");
        sb.AppendLine();
        sb.Append(Catalogue(Errors.All));
        return sb.ToString();
    }

    public static string ControlPlane() =>
        "The emulator's own API: health, readiness, accounts made on the fly, reset, seed, state and snapshots, the request journal, faults, "
        + "the clock and what Cloudflare's DNS would answer (EMULATOR.md). Loopback clients only, unless AddressMaps__AdminToken is set: "
        + "then **Authorize** with that token (scheme `admin_token`).\n\n"
        + Catalogue(Errors.All.Where(e => e.Code is >= 2000 and <= 2999 || e.Code is 1000 or 10001 or 10002));

    /// <summary>The catalogue as an HTML table inside a collapsed &lt;details&gt; section.</summary>
    public static string Catalogue(IEnumerable<ErrorDefinition> errors)
    {
        var list = errors.OrderBy(e => e.Code).ToList();
        var sb = new StringBuilder();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<details id=\"error-catalogue\"><summary>Error catalogue ({list.Count} codes)</summary>");
        sb.Append("<table><thead><tr><th>code</th><th>HTTP</th><th>name</th><th>when</th><th>source</th></tr></thead><tbody>");
        foreach (var e in list)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<tr><td>{e.Code}</td><td>{e.HttpStatus}</td><td>{e.Name}</td><td>{WebUtility.HtmlEncode(e.When)}</td><td>{(e.Observed ? "seen in Cloudflare answers" : "emulator's choice")}</td></tr>");
        }

        sb.AppendLine("</tbody></table></details>");
        return sb.ToString();
    }

    public static string TokenScheme(DemoValues? demo) => demo is null
        ? "API token: Authorization: Bearer <token>. Paste the token itself."
        : $"API token. Demo seed: paste {demo.Token} (\"{demo.TokenName}\").";

    public static string EmailScheme(DemoValues? demo) => demo is null
        ? "X-Auth-Email: the user's email, with X-Auth-Key (legacy global API key)."
        : $"X-Auth-Email, with X-Auth-Key. Demo seed: {demo.Email}";

    public static string KeyScheme(DemoValues? demo) => demo is null
        ? "X-Auth-Key: the user's global API key (37 lowercase hex), with X-Auth-Email."
        : $"X-Auth-Key, with X-Auth-Email. Demo seed: {demo.GlobalKey}";
}
