/**
 * The live view: {@link org.sgdobservatory.listener.live.LiveView} serves a page from the JDK's own HTTP server
 * while training runs, fed by {@link org.sgdobservatory.listener.live.LiveFeed} with snapshots built on the training
 * thread from the listener's mergeable statistics ({@link org.sgdobservatory.listener.live.Snapshots}), at most once
 * a second and only while a page is watching; when the report exists the same address serves it.
 */
package org.sgdobservatory.listener.live;
