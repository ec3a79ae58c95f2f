using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary>The summary of one uploaded object, as stored in the table.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The object key.</param>
/// <param name="SizeBytes">The object's size in bytes.</param>
/// <param name="Lines">Lines of text (a last line without a newline counts).</param>
/// <param name="Words">Words: runs of non-whitespace characters.</param>
/// <param name="Sha256">The SHA-256 of the content, lowercase hex.</param>
/// <param name="ProcessedAt">When it was summarized (UTC).</param>
public sealed record ObjectSummary(string Bucket, string Key, long SizeBytes, long Lines, long Words, string Sha256, DateTimeOffset ProcessedAt)
{
    /// <summary>The table's partition key: the object's S3 address.</summary>
    public string Id => $"s3://{Bucket}/{Key}";

    /// <summary>Reads the whole stream once, counting bytes, lines and words and hashing the content.</summary>
    public static async Task<ObjectSummary> FromContentAsync(string bucket, string key, Stream content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81_920];
        var decoder = new UTF8Encoding(false).GetDecoder();
        var chars = new char[buffer.Length];
        long size = 0, lines = 0, words = 0;
        var inWord = false;
        var lastWasNewline = true;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            size += read;
            sha.AppendData(buffer, 0, read);
            var count = decoder.GetChars(buffer, 0, read, chars, 0);
            for (var i = 0; i < count; i++)
            {
                var c = chars[i];
                if (c == '\n')
                {
                    lines++;
                }

                lastWasNewline = c == '\n';
                if (char.IsWhiteSpace(c))
                {
                    inWord = false;
                }
                else if (!inWord)
                {
                    inWord = true;
                    words++;
                }
            }
        }

        if (size > 0 && !lastWasNewline)
        {
            lines++;
        }

        return new ObjectSummary(bucket, key, size, lines, words, Convert.ToHexStringLower(sha.GetHashAndReset()), now.ToUniversalTime());
    }
}

/// <summary>The hourly report: what was summarized in one clock hour.</summary>
/// <param name="From">Start of the hour (inclusive, UTC).</param>
/// <param name="To">End of the hour (exclusive, UTC).</param>
/// <param name="Objects">How many objects were summarized.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="Lines">Their total lines.</param>
/// <param name="Words">Their total words.</param>
/// <param name="Keys">Their S3 addresses, sorted.</param>
public sealed record HourlyReport(DateTimeOffset From, DateTimeOffset To, int Objects, long Bytes, long Lines, long Words, IReadOnlyList<string> Keys)
{
    /// <summary>
    /// Builds the report of the clock hour before the one <paramref name="scheduledTime"/> falls in (a run scheduled for
    /// 14:05 reports 13:00 to 14:00), from the summaries written in it: every run of one schedule slot reports the same
    /// hour, however late a flexible window or a retry starts it.
    /// </summary>
    public static HourlyReport Build(IEnumerable<ObjectSummary> summaries, DateTimeOffset scheduledTime)
    {
        var (from, to) = HourBefore(scheduledTime);
        var inWindow = summaries.Where(s => s.ProcessedAt >= from && s.ProcessedAt < to).ToList();
        return new HourlyReport(
            from,
            to,
            inWindow.Count,
            inWindow.Sum(s => s.SizeBytes),
            inWindow.Sum(s => s.Lines),
            inWindow.Sum(s => s.Words),
            inWindow.Select(s => s.Id).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The clock hour (UTC) before the one <paramref name="time"/> falls in.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) HourBefore(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var to = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        return (to.AddHours(-1), to);
    }

    /// <summary>The report's object key under <paramref name="prefix"/>: one per hour reported, named by its start, e.g. <c>reports/2026/11/30/13.json</c> for 13:00 to 14:00.</summary>
    public string KeyUnder(string prefix) => prefix + From.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture) + ".json";
}
