/** The catalogue of errors Herald reports, with their HTTP statuses and the codes of the compatible APIs. */
package dev.herald.server.error;
