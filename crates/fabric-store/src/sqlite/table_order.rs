//! A pass over every object in the order the table keeps its rows, for passes that read
//! and rewrite every record (`fabric keys rotate --records`).

use std::sync::Arc;

use bytes::Bytes;
use fabric_sqlite::rusqlite::{Connection, params};
use futures::StreamExt as _;
use futures::stream::BoxStream;

use super::{LIST_PAGE, SqliteBackend, bounds, sql_error};
use crate::{ObjectKey, Result, Stored, Version};

impl SqliteBackend {
    /// Every object under `prefix` with its body, in the order the table keeps its rows
    /// (mostly the order they were first written, not key order), a page of rows per call:
    /// a pass over every object then reads the table's pages one after another, and writes
    /// back to them in the same order, rather than at random. An object written during the
    /// pass is seen if it is new (it comes last) or was rewritten in place ahead of the
    /// pass; one deleted and created again may be seen twice.
    pub fn list_in_table_order(
        &self,
        prefix: &ObjectKey,
    ) -> BoxStream<'static, Result<(ObjectKey, Stored)>> {
        let (lower, upper) = bounds(prefix);
        let database = Arc::clone(&self.database);
        futures::stream::unfold(Some(0_i64), move |after| {
            let database = Arc::clone(&database);
            let (lower, upper) = (lower.clone(), upper.clone());
            async move {
                let after = after?;
                let page = database
                    .read(move |connection| table_order_page(connection, after, &lower, &upper))
                    .await;
                match page {
                    Ok((page, last)) => {
                        let next = (page.len() == LIST_PAGE as usize).then_some(last);
                        Some((futures::stream::iter(page.into_iter().map(Ok)).boxed(), next))
                    }
                    Err(error) => Some((futures::stream::iter([Err(error)]).boxed(), None)),
                }
            }
        })
        .flatten()
        .boxed()
    }
}

/// At most [`LIST_PAGE`] objects between `lower` and `upper` whose row comes after row
/// `after`, in row order, with the last row's number.
fn table_order_page(
    connection: &Connection,
    after: i64,
    lower: &str,
    upper: &str,
) -> Result<(Vec<(ObjectKey, Stored)>, i64)> {
    let mut statement = connection
        .prepare_cached(
            "SELECT rowid, key, version, body FROM fabric_objects
             WHERE rowid > ?1 AND key >= ?2 AND key < ?3 ORDER BY rowid LIMIT ?4",
        )
        .map_err(sql_error)?;
    let mut rows = statement.query(params![after, lower, upper, LIST_PAGE]).map_err(sql_error)?;
    let (mut page, mut last) = (Vec::new(), after);
    while let Some(row) = rows.next().map_err(sql_error)? {
        last = row.get(0).map_err(sql_error)?;
        let key: String = row.get(1).map_err(sql_error)?;
        let stored = Stored {
            version: Version(row.get::<_, i64>(2).map_err(sql_error)?.to_string()),
            body: Bytes::from(row.get::<_, Vec<u8>>(3).map_err(sql_error)?),
        };
        page.push((ObjectKey::parse(&key)?, stored));
    }
    Ok((page, last))
}

#[cfg(test)]
mod tests {
    use futures::TryStreamExt as _;

    use super::*;
    use crate::{PutMode, sqlite::WriteOp};

    /// A pass in table order sees every object under the prefix once, in the order they were
    /// written (here the reverse of key order), across pages, and nothing outside the prefix; an
    /// object rewritten in place keeps its place, a new one comes last.
    #[tokio::test]
    async fn a_pass_in_table_order_sees_every_object_once_in_write_order() {
        let dir = tempfile::tempdir().unwrap();
        let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
        let count = LIST_PAGE as usize * 2 + 1;
        let key = |index: usize| ObjectKey::parse(&format!("records/a/{index:05}")).unwrap();
        let put = |key: ObjectKey, body: String| WriteOp::Put {
            key,
            body: Bytes::from(body),
            mode: PutMode::Overwrite,
            entry: None,
        };
        let ops = (0..count).rev().map(|index| put(key(index), format!("body {index}"))).collect();
        backend.write_ops(ops).await.unwrap();
        for outside in ["records0", "recall-keys/a", "records/b/x"] {
            let outside = ObjectKey::parse(outside).unwrap();
            backend.write_ops(vec![put(outside, "outside".into())]).await.unwrap();
        }
        backend
            .write_ops(vec![put(key(7), "again".into()), put(key(count), "new".into())])
            .await
            .unwrap();

        let prefix = ObjectKey::parse("records/a").unwrap();
        let seen: Vec<_> = backend.list_in_table_order(&prefix).try_collect().await.unwrap();
        let mut expected: Vec<ObjectKey> = (0..count).rev().map(key).collect();
        expected.push(key(count));
        assert_eq!(seen.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>(), expected);
        let bodies: std::collections::HashMap<_, _> =
            seen.into_iter().map(|(key, stored)| (key, stored.body)).collect();
        assert_eq!(bodies[&key(7)], Bytes::from_static(b"again"));
        assert_eq!(bodies[&key(8)], Bytes::from_static(b"body 8"));
        let listed: Vec<_> = backend.list_with_entries(&prefix).try_collect().await.unwrap();
        assert_eq!(listed.len(), bodies.len());
        for (key, stored, _) in listed {
            assert_eq!(bodies[&key], stored.body, "{key}");
        }
    }
}
