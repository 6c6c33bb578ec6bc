using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BlazorConsole.Data.Sqlite;

/// <summary>Stores instants as UTC ticks (sortable integers); reads them back as UTC.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
