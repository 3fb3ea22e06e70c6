using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Platform;

/// <summary>SQL written as interpolated strings (every value a parameter), put together.</summary>
public static partial class Sql
{
    /// <summary>The pieces as one text, each one's placeholders moved past those of the pieces
    /// before it. Pure.</summary>
    public static FormattableString Concat(params FormattableString[] pieces)
    {
        var format = new System.Text.StringBuilder();
        var arguments = new List<object?>();
        foreach (var piece in pieces)
        {
            var offset = arguments.Count;
            format.Append(Placeholder().Replace(piece.Format, m => "{" + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + offset) + m.Groups[2].Value));
            arguments.AddRange(piece.GetArguments());
        }

        return FormattableStringFactory.Create(format.ToString(), [.. arguments]);
    }

    // {n} or {n:format} or {n,alignment}, not an escaped {{.
    [GeneratedRegex(@"(?<!\{)\{(\d+)([}:,])")]
    private static partial Regex Placeholder();
}
