using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Platform;

/// <summary>SQL written as interpolated strings (every value a parameter), put together.</summary>
public static partial class Sql
{
    /// <summary>The two statements as one command, one round trip: <paramref name="second"/>'s
    /// placeholders are moved past <paramref name="first"/>'s. Pure.</summary>
    public static FormattableString Then(FormattableString first, FormattableString second)
    {
        var offset = first.ArgumentCount;
        var format = Placeholder().Replace(second.Format, m => "{" + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + offset) + m.Groups[2].Value);
        return FormattableStringFactory.Create(first.Format.TrimEnd() + ";\n" + format, [.. first.GetArguments(), .. second.GetArguments()]);
    }

    // {n} or {n:format} or {n,alignment}, not an escaped {{.
    [GeneratedRegex(@"(?<!\{)\{(\d+)([}:,])")]
    private static partial Regex Placeholder();
}
