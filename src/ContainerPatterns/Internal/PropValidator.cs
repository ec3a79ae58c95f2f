using System.Globalization;

namespace ContainerPatterns.Internal;

/// <summary>
/// Collects every invalid prop of one construct and throws them together, so a user fixes them in one go.
/// Messages name the construct path, the prop, the bad value and what is allowed.
/// </summary>
internal sealed class PropValidator
{
    private readonly string _path;
    private readonly List<string> _problems = [];

    /// <summary>Starts validating the props of a construct that is about to be built at <paramref name="scope"/>/<paramref name="id"/>.</summary>
    public PropValidator(Construct scope, string id)
    {
        var parent = scope.Node.Path;
        _path = string.IsNullOrEmpty(parent) ? id : $"{parent}/{id}";
        _scope = scope;
    }

    private readonly Construct _scope;
    private string? _region;

    /// <summary>The path the construct will have, as used in messages.</summary>
    public string Path => _path;

    /// <summary>The region of the stack the construct is built in (a token for an environment-agnostic stack).</summary>
    public string Region => _region ??= Stack.Of(_scope).Region;

    /// <summary>
    /// Records a resource of another region than the stack's, read from its ARN (<c>arn:partition:service:region:...</c>);
    /// passes when the ARN or the stack's region is a token, or the ARN names no region. <paramref name="what"/> names
    /// the resource ("cluster"), <paramref name="why"/> says why it must be in the stack's region.
    /// </summary>
    public void SameRegion(string prop, string? arn, string what, string why)
    {
        if (arn is null || IsToken(arn))
        {
            return;
        }

        var parts = arn.Split(':');
        if (parts.Length < 6 || parts[0] != "arn" || parts[3].Length == 0 || IsToken(Region) || parts[3] == Region)
        {
            return;
        }

        Fail(prop, arn, $"the {what} is in {parts[3]}, but the stack deploys to {Region}; allowed: a {what} in {Region} ({why}).");
    }

    /// <summary>Records a problem: <c>{path}: {prop} = {value} {message}</c>.</summary>
    public void Fail(string prop, object? value, string allowed) =>
        _problems.Add($"{_path}: {prop} = {Format(value)} is not valid; {allowed}");

    /// <summary>Records a problem with a message written in full (for rules that involve more than one prop).</summary>
    public void FailWith(string message) => _problems.Add($"{_path}: {message}");

    /// <summary>Checks that a whole number lies in [min, max]; unresolved tokens pass unchecked.</summary>
    public void Range(string prop, double? value, double min, double max, string? unit = null)
    {
        if (value is not { } v || IsToken(v))
        {
            return;
        }

        if (double.IsNaN(v) || v < min || v > max || Math.Floor(v) != v)
        {
            var u = unit is null ? string.Empty : " " + unit;
            Fail(prop, value, $"allowed: a whole number from {Format(min)} to {Format(max)}{u}.");
        }
    }

    /// <summary>Checks a percentage: above 0 and at most 100; unresolved tokens pass unchecked.</summary>
    public void Percent(string prop, double? value)
    {
        if (value is { } p && !IsToken(p) && (double.IsNaN(p) || p <= 0 || p > 100))
        {
            Fail(prop, p, "allowed: a percentage above 0 and at most 100.");
        }
    }

    /// <summary>Checks a number above 0; unresolved tokens pass unchecked.</summary>
    public void Positive(string prop, double? value, string unit)
    {
        if (value is { } x && !IsToken(x) && (double.IsNaN(x) || double.IsInfinity(x) || x <= 0))
        {
            Fail(prop, x, $"allowed: a number above 0 ({unit}).");
        }
    }

    /// <summary>
    /// Checks that a duration is a whole number of seconds from <paramref name="min"/> to <paramref name="max"/>;
    /// unresolved tokens pass unchecked. Returns the seconds when they are known.
    /// </summary>
    public double? Seconds(string prop, Duration? value, double min, double max, string? limit = null)
    {
        if (value is null || value.IsUnresolved())
        {
            return null;
        }

        var ms = value.ToMilliseconds();
        var seconds = ms / 1000;
        if (ms % 1000 != 0 || seconds < min || seconds > max)
        {
            var why = limit is null ? string.Empty : $" ({limit})";
            Fail(prop, value, $"allowed: a whole number of seconds from {Format(min)} to {Format(max)}{why}.");
            return null;
        }

        return seconds;
    }

    /// <summary>Records a missing required value (null where the API needs one); returns true when it is missing.</summary>
    public bool Missing(string prop, object? value, string what)
    {
        if (value is not null)
        {
            return false;
        }

        FailWith($"{prop} is null; it is required: {what}.");
        return true;
    }

    /// <summary>
    /// The entries of a list prop with their paths (<c>prop[i]</c>); a null entry is recorded as missing and skipped.
    /// </summary>
    public IEnumerable<(T Item, string At)> Entries<T>(string prop, IReadOnlyList<T>? list, string what)
        where T : class
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var at = $"{prop}[{i}]";
            // A caller with nullable annotations off can still put null here.
            if (!Missing(at, (T?)list![i], what))
            {
                yield return (list[i], at);
            }
        }
    }

    /// <summary>The entries of a string list prop that are known at synth (tokens are skipped), with their paths.</summary>
    public IEnumerable<(string Item, string At)> Literals(string prop, IReadOnlyList<string>? list, string what) =>
        Entries(prop, list, what).Where(e => !IsToken(e.Item));

    /// <summary>Records a value outside its enum (e.g. an integer cast to the enum type).</summary>
    public void Defined<T>(string prop, T? value)
        where T : struct, Enum
    {
        if (value is { } e && !Enum.IsDefined(e))
        {
            _problems.Add($"{_path}: {prop} = ({typeof(T).Name}){Convert.ToInt64(e, CultureInfo.InvariantCulture)} is not valid; allowed: {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }

    /// <summary>Throws at once when a construct's props object itself is null (nothing else can be checked then).</summary>
    public void ThrowIfPropsMissing(object? props, string type)
    {
        if (props is null)
        {
            throw new ArgumentException($"{_path}: props is null; it is required: a {type} with at least its required members.");
        }
    }

    /// <summary>How many problems have been recorded so far (to tell whether one part of the props added any).</summary>
    public int ProblemCount => _problems.Count;

    /// <summary>True when there is anything to report.</summary>
    public bool HasProblems => _problems.Count > 0;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var message = _problems.Count == 1
            ? _problems[0]
            : $"{_problems.Count} invalid props:{System.Environment.NewLine}  " + string.Join(System.Environment.NewLine + "  ", _problems);
        throw new ArgumentException(message);
    }

    /// <summary>True when a number is an unresolved CDK token (checked without a jsii call for ordinary values).</summary>
    public static bool IsToken(double value) =>
        // CDK encodes number tokens as large negative doubles around -1.8881e289; anything else is a plain
        // number, so only values in that range need the (jsii) token check.
        value < -1e280 && Token.IsUnresolved(value);

    /// <summary>True when a string holds an unresolved CDK token, including an element of a list token (<c>#{Token[...]}</c>).</summary>
    public static bool IsToken(string? value) =>
        value is not null
        && ((value.Contains("${Token[", StringComparison.Ordinal) && Token.IsUnresolved(value))
            || value.Contains("#{Token[", StringComparison.Ordinal));

    /// <summary>Formats a value as messages show it (invariant culture, strings quoted, durations in words).</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        Duration d => d.ToHumanString(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
