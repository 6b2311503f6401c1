//! Rows of the audit tables to events, checkpoints and canonical encodings, page by page.

use super::*;

/// Builds a checkpoint from a row of [`SELECT_CHECKPOINTS`].
pub(super) fn checkpoint_from_row(stream: &StreamId, row: &Row<'_>) -> Result<Checkpoint> {
    let raw_seq: i64 = row.get(0)?;
    let bad = |what: &'static str| {
        Error::corrupt("fabric_audit_checkpoints", u64::try_from(raw_seq).ok(), what)
    };
    let seq = u64::try_from(raw_seq).map_err(|_| bad("negative seq"))?;
    let head_hash = EventHash::from_slice(
        row.get_ref(1)?.as_blob().map_err(|_| bad("head_hash is not a blob"))?,
    )
    .map_err(|_| bad("head_hash is not 32 bytes"))?;
    let time = time_from_micros(row.get(2)?).ok_or_else(|| bad("bad time"))?;
    let mac: [u8; 32] = row
        .get_ref(3)?
        .as_blob()
        .map_err(|_| bad("mac is not a blob"))?
        .try_into()
        .map_err(|_| bad("mac is not 32 bytes"))?;
    let version = row.get::<_, i64>(4).ok().and_then(|v| u8::try_from(v).ok());
    let closed = row.get::<_, i64>(5).ok();
    Ok(Checkpoint {
        stream: stream.clone(),
        seq,
        head_hash,
        time,
        closed: closed.ok_or_else(|| bad("closed is not an integer"))? != 0,
        version: version.ok_or_else(|| bad("format is not a version"))?,
        mac: CheckpointMac(mac),
    })
}

/// Builds an event from a row of [`SELECT_EVENTS`]; any unreadable column is [`Error::Corrupt`].
pub(super) fn event_from_row(stream: &StreamId, row: &Row<'_>) -> Result<AuditEvent> {
    let seq = u64::try_from(row.get::<_, i64>(0)?)
        .map_err(|_| Error::corrupt("fabric_audit_events", None, "negative seq"))?;
    let bad = |what: &'static str| Error::corrupt("fabric_audit_events", Some(seq), what);
    let id = |index: usize| -> Result<Option<Id>> {
        match row.get_ref(index)?.as_str_or_null().map_err(|_| bad("an id is not text"))? {
            None => Ok(None),
            Some(text) => Id::parse(text).map(Some).map_err(|_| bad("an id is invalid")),
        }
    };
    let text = |index: usize| -> Result<&str> {
        row.get_ref(index)?.as_str().map_err(|_| bad("a code is not text"))
    };
    let hash = |index: usize| -> Result<EventHash> {
        let bytes = row.get_ref(index)?.as_blob().map_err(|_| bad("a hash is not a blob"))?;
        EventHash::from_slice(bytes).map_err(|_| bad("a hash is not 32 bytes"))
    };
    let time = time_from_micros(row.get(1)?).ok_or_else(|| bad("the time is out of range"))?;
    let reason = match row.get_ref(7)?.as_str_or_null().map_err(|_| bad("reason is not text"))? {
        None => None,
        Some(code) => Some(Reason::from_code(code).ok_or_else(|| bad("unknown reason"))?),
    };
    let details = match row.get_ref(9)?.as_blob_or_null().map_err(|_| bad("bad details"))? {
        None => crate::Details::default(),
        Some(bytes) => {
            let mut reader = Reader::new(bytes);
            let details = decode_details(&mut reader).map_err(|_| bad("bad details"))?;
            if !reader.is_empty() {
                return Err(bad("bad details"));
            }
            details
        }
    };
    Ok(AuditEvent {
        stream: stream.clone(),
        seq,
        time,
        actor: id(2)?,
        owner: id(3)?,
        operation: Operation::from_name(text(4)?).ok_or_else(|| bad("unknown operation"))?,
        record_id: id(5)?,
        status: Status::from_name(text(6)?).ok_or_else(|| bad("unknown status"))?,
        reason,
        request_id: id(8)?,
        details,
        prev_hash: hash(10)?,
        hash: hash(11)?,
        format: row
            .get_ref(12)?
            .as_i64()
            .ok()
            .and_then(|format| u8::try_from(format).ok())
            .ok_or_else(|| bad("format is not a version"))?,
    })
}

/// Streams a stream's rows from one read transaction (one consistent snapshot) into `pages`.
pub(super) fn read_pages_blocking(
    connection: &Connection,
    stream: &StreamId,
    _after: u64,
    pages: &tokio::sync::mpsc::Sender<Result<Vec<AuditEvent>>>,
) -> Result<()> {
    let mut statement = connection.prepare_cached(&format!("{SELECT_EVENTS} ORDER BY seq"))?;
    let rows = statement.query(params![stream.as_str()])?;
    let new_page = || Vec::with_capacity(PAGE_ROWS);
    send_pages(rows, pages, new_page, Vec::len, |row, page| {
        page.push(event_from_row(stream, row)?);
        Ok(())
    })
}

/// Sends `rows`, each added to the page by `add`, page by page of [`PAGE_ROWS`]. A row that
/// fails ends the stream with its error, after the rows before it; a reader that went away
/// ends it quietly.
fn send_pages<P>(
    mut rows: fabric_sqlite::rusqlite::Rows<'_>,
    pages: &tokio::sync::mpsc::Sender<Result<P>>,
    new_page: impl Fn() -> P,
    len: impl Fn(&P) -> usize,
    mut add: impl FnMut(&Row<'_>, &mut P) -> Result<()>,
) -> Result<()> {
    let mut page = new_page();
    while let Some(row) = rows.next()? {
        if let Err(error) = add(row, &mut page) {
            let _ = pages.blocking_send(Ok(page));
            return Err(error);
        }
        if len(&page) == PAGE_ROWS {
            let full = std::mem::replace(&mut page, new_page());
            if pages.blocking_send(Ok(full)).is_err() {
                return Ok(());
            }
        }
    }
    if len(&page) > 0 {
        let _ = pages.blocking_send(Ok(page));
    }
    Ok(())
}

/// Builds the canonical encoding of a row of [`SELECT_EVENTS`] straight from its column bytes:
/// no parsing, no validation, no allocation. A row whose columns do not have the stored types
/// is [`Error::Corrupt`]; a row with edited values simply hashes wrong.
fn encode_row(stream: &StreamId, row: &Row<'_>, page: &mut EncodedPage) -> Result<()> {
    let location = "fabric_audit_events";
    let seq = row
        .get_ref(0)?
        .as_i64()
        .ok()
        .and_then(|seq| u64::try_from(seq).ok())
        .ok_or_else(|| Error::corrupt(location, None, "seq is not a sequence number"))?;
    let bad = |what: &'static str| Error::corrupt(location, Some(seq), what);
    let bytes_or_null = |index: usize| -> Result<Option<&[u8]>> {
        match row.get_ref(index)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) | ValueRef::Blob(bytes) => Ok(Some(bytes)),
            _ => Err(bad("a text column holds a number")),
        }
    };
    let bytes = |index: usize| bytes_or_null(index)?.ok_or_else(|| bad("a column is null"));
    let hash = |index: usize| -> Result<[u8; 32]> {
        row.get_ref(index)?
            .as_blob()
            .ok()
            .and_then(|blob| <[u8; 32]>::try_from(blob).ok())
            .ok_or_else(|| bad("a hash is not 32 bytes"))
    };
    let time = row.get_ref(1)?.as_i64().map_err(|_| bad("time is not an integer"))?;
    let (prev_hash, stored_hash) = (hash(10)?, hash(11)?);
    let (operation, status, reason) = (bytes(4)?, bytes(6)?, bytes_or_null(7)?);
    let ids = [bytes_or_null(2)?, bytes_or_null(3)?, bytes_or_null(5)?, bytes_or_null(8)?];
    let details = bytes_or_null(9)?;
    let format = row
        .get_ref(12)?
        .as_i64()
        .ok()
        .and_then(|format| u8::try_from(format).ok())
        .ok_or_else(|| bad("format is not a version"))?;
    let buffer = page.buffer();
    buffer.push(format);
    put_bytes(buffer, stream.as_str().as_bytes());
    buffer.extend_from_slice(&seq.to_be_bytes());
    buffer.extend_from_slice(&time.to_be_bytes());
    put_bytes(buffer, operation);
    put_bytes(buffer, status);
    put_optional_bytes(buffer, reason);
    for id in ids {
        put_optional_bytes(buffer, id);
    }
    buffer.extend_from_slice(details.unwrap_or(&[0; 4]));
    buffer.extend_from_slice(&prev_hash);
    page.commit(seq, EventHash(stored_hash));
    Ok(())
}

/// Streams a stream's rows after `after` as canonical encodings, from one read transaction.
pub(super) fn read_encoded_blocking(
    connection: &Connection,
    stream: &StreamId,
    after: u64,
    pages: &tokio::sync::mpsc::Sender<Result<EncodedPage>>,
) -> Result<()> {
    // From the start, every row: a row stored with a sequence number of 0 or below is no
    // event of the chain, and the walk must see it to name it.
    let mut statement = if after == 0 {
        connection.prepare_cached(&format!("{SELECT_EVENTS} AND ?2 = 0 ORDER BY seq"))?
    } else {
        connection.prepare_cached(&format!("{SELECT_EVENTS} AND seq > ?2 ORDER BY seq"))?
    };
    let rows = statement.query(params![stream.as_str(), to_i64(after)?])?;
    let new_page = || EncodedPage::with_capacity(PAGE_ROWS);
    send_pages(rows, pages, new_page, EncodedPage::len, |row, page| encode_row(stream, row, page))
}
