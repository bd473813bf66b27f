#!/usr/bin/env node
import { serveBare } from './serve-bare.js';

const server = serveBare(process.env);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
